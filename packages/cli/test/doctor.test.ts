// `clawd doctor` and `doctor --fix` on real files (the service-file repair runs in
// gateway-service.test.ts against a real systemd user manager).
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getFreePort } from "@clawd/test-kit/ports";
import { describe, expect, it } from "vitest";
import { runCli, type Sandbox, useSandboxPerTest } from "./cli-process.js";

let box: Sandbox;
useSandboxPerTest((b) => {
  box = b;
});

describe("clawd doctor --fix", () => {
  it("creates a missing state dir and sets the config to 0600, saying what it changed", async () => {
    const configDir = join(box.home, "conf");
    mkdirSync(configDir);
    const configPath = join(configDir, "clawd.json");
    writeFileSync(configPath, JSON.stringify({ gateway: { mode: "local", auth: { token: "doctor-secret-token" } } }));
    chmodSync(configPath, 0o644);
    const env = box.env({ CLAWD_CONFIG_PATH: configPath, CLAWD_GATEWAY_PORT: String(await getFreePort()), PATH: "/usr/bin:/bin" });

    const before = await runCli(["doctor"], env);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain(`✗ State dir: missing: ${box.state}`);
    expect(before.stdout).toContain(`✗ Config mode: ${configPath} is 0644`);
    expect(before.stdout).toContain("fix: clawd doctor --fix");
    expect(existsSync(box.state)).toBe(false);

    const fix = await runCli(["doctor", "--fix"], env);
    expect(fix.stdout).toContain(`fixed: created ${box.state} (mode 0700)`);
    expect(fix.stdout).toContain(`fixed: ${configPath}: mode 0644 → 0600`);
    expect(fix.stdout).not.toContain("doctor-secret-token");
    expect(statSync(box.state).mode & 0o777).toBe(0o700);
    expect(statSync(configPath).mode & 0o777).toBe(0o600);

    const after = await runCli(["doctor", "--json"], env);
    const checks = JSON.parse(after.stdout).checks as Array<{ name: string; status: string }>;
    expect(checks.find((c) => c.name === "State dir")?.status).toBe("ok");
    expect(checks.find((c) => c.name === "Config mode")?.status).toBe("ok");
  });

  it("without --fix changes nothing", async () => {
    const env = box.env({ CLAWD_GATEWAY_PORT: String(await getFreePort()) });
    const r = await runCli(["doctor"], env);
    expect(r.stdout).toContain("✗ State dir: missing");
    expect(existsSync(box.state)).toBe(false);
  });
});
