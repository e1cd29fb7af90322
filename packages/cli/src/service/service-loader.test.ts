import { describe, expect, it } from "vitest";
import { CliError } from "../cli-error.js";
import { resolvePaths } from "../config/paths.js";
import { loadCreateService, openGatewayService, servicePlatform } from "./service-loader.js";
import { serviceNames } from "./service-names.js";

const missing = (name: string) => Object.assign(new Error(`Cannot find package '${name}' imported from /x/cli.js`), { code: "ERR_MODULE_NOT_FOUND" });

describe("servicePlatform", () => {
  it("maps each OS to its daemon package", () => {
    expect(servicePlatform("linux").packageName).toBe("@clawd/daemon-systemd");
    expect(servicePlatform("darwin").packageName).toBe("@clawd/daemon-launchd");
    expect(servicePlatform("win32").packageName).toBe("@clawd/daemon-schtasks");
  });
  it("says clearly when an OS has no service support", () => {
    expect(() => servicePlatform("aix")).toThrowError(/Service management is not supported on aix/);
  });
});

describe("loadCreateService", () => {
  it("names the package to install when the optional dependency is missing, without a stack", async () => {
    const err = await loadCreateService("linux", async (name) => {
      throw missing(name);
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).lines[0]).toBe("Service management on linux needs @clawd/daemon-systemd: npm i -g @clawd/daemon-systemd");
    expect((err as CliError).exitCode).toBe(1);
  });
  it("does not hide other import failures", async () => {
    const boom = new SyntaxError("Unexpected token");
    await expect(loadCreateService("darwin", async () => Promise.reject(boom))).rejects.toBe(boom);
  });
  it("a missing *dependency* of the package is not reported as the package missing", async () => {
    const err = await loadCreateService("linux", async () => {
      throw missing("@clawd/daemon");
    }).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(CliError);
  });
  it("rejects a module without createService", async () => {
    await expect(loadCreateService("win32", async () => ({}))).rejects.toThrowError(/does not export createService/);
  });
});

describe("openGatewayService", () => {
  it("passes the profile's service name, home and state dir to createService", async () => {
    const paths = resolvePaths("work", { HOME: "/home/u" });
    const seen: unknown[] = [];
    const fake = { kind: "systemd" as const };
    const { service, name } = await openGatewayService(paths, { USER: "u" }, "linux", async () => ({
      createService: (options: unknown) => {
        seen.push(options);
        return fake;
      },
    }));
    expect(service).toBe(fake);
    expect(name).toBe("clawd-gateway-work");
    expect(seen).toEqual([
      { name: "clawd-gateway-work", home: "/home/u", stateDir: "/home/u/.clawd-work", env: { USER: "u" }, commandHint: expect.any(Function) },
    ]);
    // Hints from the daemon package carry the profile.
    expect((seen[0] as { commandHint: (c: string) => string }).commandHint("gateway install")).toBe("clawd --profile work gateway install");
  });
});

describe("serviceNames", () => {
  it("follows SPEC §2 for the default profile and a named one", () => {
    expect(serviceNames(undefined)).toEqual({ systemd: "clawd-gateway", launchd: "ai.clawd.gateway", schtasks: "Clawd Gateway" });
    expect(serviceNames("p")).toEqual({ systemd: "clawd-gateway-p", launchd: "ai.clawd.gateway.p", schtasks: "Clawd Gateway (p)" });
  });
});
