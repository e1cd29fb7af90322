import { describe, expect, it } from "vitest";
import { resolvePaths } from "../config/paths.js";
import { portFromSpec } from "./service-context.js";
import { SERVICE_KIND_ENV } from "./service-names.js";
import { buildGatewayServiceSpec, ephemeralEntryWarning } from "./service-spec.js";

const base = {
  port: 19123,
  kind: "systemd" as const,
  name: "clawd-gateway",
  nodePath: "/opt/node 20/bin/node",
  cliEntry: "/usr/lib/node_modules/@clawd/cli/dist/cli.js",
  env: { PATH: "/usr/bin", CLAWD_GATEWAY_TOKEN: "s3cret", CLAWD_GATEWAY_PASSWORD: "pw" },
  platform: "linux" as const,
};

describe("buildGatewayServiceSpec", () => {
  it("runs `node <memory flags> <cli> gateway --port <port>` with absolute node first and pins the default profile's paths", () => {
    const paths = resolvePaths(undefined, { HOME: "/home/u" });
    const spec = buildGatewayServiceSpec({ ...base, paths });
    expect(spec.programArguments).toEqual([
      "/opt/node 20/bin/node",
      "--max-semi-space-size=1",
      "--optimize-for-size",
      "--no-maglev",
      base.cliEntry,
      "gateway",
      "--port",
      "19123",
    ]);
    expect(spec.environment?.MALLOC_ARENA_MAX).toBe("2");
    expect(spec.environment?.CLAWD_STATE_DIR).toBe("/home/u/.clawd");
    expect(spec.environment?.CLAWD_CONFIG_PATH).toBe("/home/u/.clawd/clawd.json");
    expect(spec.environment?.[SERVICE_KIND_ENV]).toBe("systemd");
    expect(spec.environment?.PATH?.split(":")[0]).toBe("/opt/node 20/bin");
    expect(spec.stdoutPath).toBe("/home/u/.clawd/logs/gateway.log");
    expect(spec.stderrPath).toBe("/home/u/.clawd/logs/gateway.err.log");
  });

  it("passes a named profile as --profile instead of pinning paths", () => {
    const paths = resolvePaths("work", { HOME: "/home/u" });
    const spec = buildGatewayServiceSpec({ ...base, paths });
    expect(spec.programArguments.slice(5)).toEqual(["--profile", "work", "gateway", "--port", "19123"]);
    expect(spec.environment?.CLAWD_STATE_DIR).toBeUndefined();
    expect(spec.description).toContain("profile: work");
  });

  it("leaves Node's defaults when CLAWD_GATEWAY_TUNING=off, and keeps the user's MALLOC_ARENA_MAX", () => {
    const paths = resolvePaths(undefined, { HOME: "/home/u" });
    const off = buildGatewayServiceSpec({ ...base, paths, env: { ...base.env, CLAWD_GATEWAY_TUNING: "off" } });
    expect(off.programArguments).toEqual(["/opt/node 20/bin/node", base.cliEntry, "gateway", "--port", "19123"]);
    expect(off.environment?.MALLOC_ARENA_MAX).toBeUndefined();
    const own = buildGatewayServiceSpec({ ...base, paths, env: { ...base.env, MALLOC_ARENA_MAX: "4", CLAWD_GATEWAY_MAX_SEMI_SPACE_MB: "4" } });
    expect(own.environment?.MALLOC_ARENA_MAX).toBe("4");
    expect(own.programArguments[1]).toBe("--max-semi-space-size=4");
  });

  it("never puts a secret from the environment into the service", () => {
    const spec = buildGatewayServiceSpec({ ...base, paths: resolvePaths(undefined, { HOME: "/home/u" }) });
    const text = JSON.stringify(spec);
    expect(text).not.toContain("s3cret");
    expect(text).not.toContain('pw"');
    expect(Object.keys(spec.environment ?? {}).some((k) => /TOKEN|PASSWORD/.test(k))).toBe(false);
  });
});

describe("portFromSpec", () => {
  it("reads --port from the installed arguments", () => {
    expect(portFromSpec({ name: "x", description: "", programArguments: ["/n", "/c", "gateway", "--port", "19001"] })).toBe(19001);
  });
  it("ignores a missing or invalid port", () => {
    expect(portFromSpec(null)).toBeUndefined();
    expect(portFromSpec({ name: "x", description: "", programArguments: ["/n", "gateway", "--port", "70000"] })).toBeUndefined();
    expect(portFromSpec({ name: "x", description: "", programArguments: ["/n", "gateway"] })).toBeUndefined();
  });
});

describe("ephemeralEntryWarning", () => {
  it("warns only for npx's cache", () => {
    expect(ephemeralEntryWarning("/root/.npm/_npx/ab12/node_modules/@clawd/cli/dist/cli.js")).toMatch(/npm i -g @clawd\/cli/);
    expect(ephemeralEntryWarning("/usr/lib/node_modules/@clawd/cli/dist/cli.js")).toBeUndefined();
  });
});
