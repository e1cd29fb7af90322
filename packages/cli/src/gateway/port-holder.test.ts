import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { forceRerunHint, otherPortHint, serviceOfProcess } from "./port-holder.js";

describe("forceRerunHint", () => {
  const base = { dev: false, reset: false, port: undefined, allowUnconfigured: false };

  it("is the bare command when nothing decides another port or profile", () => {
    expect(forceRerunHint(undefined, base)).toBe("clawd gateway --force");
  });

  it("keeps --port, --allow-unconfigured and the profile, so the rerun targets the same gateway", () => {
    expect(forceRerunHint("work", { ...base, port: 46027, allowUnconfigured: true })).toBe(
      "clawd --profile work gateway --port 46027 --allow-unconfigured --force",
    );
  });

  it("keeps --dev (and --reset), which pick the dev profile by themselves", () => {
    expect(forceRerunHint("dev", { ...base, dev: true, reset: true })).toBe("clawd gateway --dev --reset --force");
    expect(forceRerunHint("dev", { ...base, dev: true })).toBe("clawd gateway --dev --force");
  });

  it("the other-port hint keeps --dev and --allow-unconfigured, and asks for the new port", () => {
    expect(otherPortHint("work", { ...base, port: 46027, allowUnconfigured: true })).toBe("clawd --profile work gateway --port <port> --allow-unconfigured");
    expect(otherPortHint("dev", { ...base, dev: true, reset: true })).toBe("clawd gateway --dev --reset --port <port>");
  });
});

describe("serviceOfProcess", () => {
  const proc = (environ: string[], argv: string[]) => {
    const root = mkdtempSync(join(tmpdir(), "clawd-proc-"));
    mkdirSync(join(root, "42"));
    writeFileSync(join(root, "42", "environ"), `${environ.join("\0")}\0`);
    writeFileSync(join(root, "42", "cmdline"), `${argv.join("\0")}\0`);
    return root;
  };

  it("reads the service kind from the environment and the profile from --profile", () => {
    const root = proc(["HOME=/h", "CLAWD_SERVICE_KIND=systemd"], ["/usr/bin/node", "/x/cli.js", "--profile", "side", "gateway", "--port", "1234"]);
    expect(serviceOfProcess(42, root)).toEqual({ kind: "systemd", profile: "side" });
    rmSync(root, { recursive: true, force: true });
  });

  it("is the default profile without --profile, and undefined for a process that is not a service (or unreadable)", () => {
    const service = proc(["CLAWD_SERVICE_KIND=launchd"], ["node", "cli.js", "gateway"]);
    expect(serviceOfProcess(42, service)).toEqual({ kind: "launchd", profile: undefined });
    const foreground = proc(["HOME=/h"], ["node", "cli.js", "--profile", "side", "gateway"]);
    expect(serviceOfProcess(42, foreground)).toBeUndefined();
    expect(serviceOfProcess(43, foreground)).toBeUndefined();
    rmSync(service, { recursive: true, force: true });
    rmSync(foreground, { recursive: true, force: true });
  });
});
