// `clawd gateway install|status|stop|start|restart|uninstall` end to end, against a REAL
// `systemd --user` manager in a private mount namespace (tooling/test-kit/systemd-sandbox).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { getFreePort } from "@clawd/test-kit/ports";
import { type SystemdSandbox, startSystemdUserManager, systemdSandboxUnavailableReason } from "@clawd/test-kit/systemd-sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { killAllClis, runCli } from "./cli-process.js";
import { systemdCliEnv } from "./systemd-cli-env.js";

const reason = systemdSandboxUnavailableReason();
const TOKEN = "service-test-token-0123456789";

afterEach(killAllClis);

describe.skipIf(reason !== undefined)(`gateway service commands on a real systemd --user manager${reason ? ` (skipped: ${reason})` : ""}`, () => {
  let sbx: SystemdSandbox;
  let port: number;
  let env: NodeJS.ProcessEnv;
  const unitPath = () => join(sbx.home, ".config", "systemd", "user", "clawd-gateway.service");
  const cli = (...args: string[]) => runCli(args, env);
  const mainPid = () => Number(sbx.systemctl(["show", "-p", "MainPID", "--value", "clawd-gateway.service"]).stdout.trim());

  beforeAll(async () => {
    sbx = await startSystemdUserManager();
    port = await getFreePort();
    env = systemdCliEnv(sbx);
    const set = await cli("config", "set", "gateway.mode", "local");
    expect(set.code).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await sbx?.stop();
  });

  it("refuses to install while gateway.mode is not local, before writing anything", async () => {
    const other = { ...env, CLAWD_STATE_DIR: join(sbx.root, "unconfigured") };
    const r = await runCli(["gateway", "install", "--port", String(port)], other);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe("Gateway install blocked: set gateway.mode=local (current: unset) first.");
    expect(existsSync(unitPath())).toBe(false);
  });

  it("install → status → stop → start → restart → uninstall", async () => {
    const install = await cli("gateway", "install", "--port", String(port), "--token", TOKEN);
    expect(install.stderr).not.toMatch(/unexpected error/);
    expect(install.code, install.stdout + install.stderr).toBe(0);
    expect(install.stdout).toContain("✓ systemd service enabled");
    expect(install.stdout).toMatch(/✓ service runtime: active \(running \(PID \d+\)\)/);
    expect(install.stdout).toContain(`gateway answers on ws://127.0.0.1:${port}`);
    // The token went to the 0600 config, never into the unit.
    const unit = readFileSync(unitPath(), "utf8");
    expect(unit).not.toContain(TOKEN);
    expect(unit).toMatch(/ExecStart=.*"gateway" "--port" "\d+"/);
    const config = JSON.parse(readFileSync(join(sbx.home, ".clawd", "clawd.json"), "utf8"));
    expect(config.gateway.auth.token).toBe(TOKEN);

    const pid1 = mainPid();
    expect(pid1).toBeGreaterThan(0);
    const statusJson = await cli("gateway", "status", "--json");
    expect(statusJson.code).toBe(0);
    const status = JSON.parse(statusJson.stdout);
    expect(status.service).toMatchObject({ installed: true, loaded: true, state: "running", pid: pid1 });
    expect(status.rpc.ok).toBe(true);

    const human = await cli("gateway", "status");
    expect(human.stdout).toContain("Service: systemd (enabled)");
    expect(human.stdout).toContain(`Runtime: running (PID ${pid1})`);
    expect(human.stdout).toContain(`Port: ${port}`);
    expect(human.stdout).toContain("Status: ✓ connected");

    const foreground = await cli("gateway", "--port", String(port));
    expect(foreground.code).toBe(1);
    expect(foreground.stderr.split("\n")[0]).toBe(`Gateway already running locally (PID ${pid1}). Stop it with: clawd gateway stop`);

    const stop = await cli("gateway", "stop");
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).toContain(`port ${port} is free`);
    expect(sbx.systemctl(["is-enabled", "clawd-gateway.service"]).stdout.trim()).toBe("enabled");
    const stopped = JSON.parse((await cli("gateway", "status", "--json", "--no-probe")).stdout);
    expect(stopped.service.state).toBe("stopped");

    const start = await cli("gateway", "start");
    expect(start.code, start.stderr).toBe(0);
    expect(start.stdout).toContain(`gateway answers on ws://127.0.0.1:${port}`);
    const pid2 = mainPid();
    expect(pid2).toBeGreaterThan(0);

    const restart = await cli("gateway", "restart");
    expect(restart.code, restart.stderr).toBe(0);
    const pid3 = mainPid();
    expect(pid3).toBeGreaterThan(0);
    expect(pid3).not.toBe(pid2);

    const uninstall = await cli("gateway", "uninstall");
    expect(uninstall.code, uninstall.stderr).toBe(0);
    expect(uninstall.stdout).toContain(`removed ${unitPath()}`);
    expect(existsSync(unitPath())).toBe(false);
    expect(existsSync(join(sbx.home, ".clawd", "clawd.json"))).toBe(true);
    const left = sbx.cgroupPids().filter((pid) => pid === pid3);
    expect(left).toEqual([]);
  }, 120_000);

  it("start without an installed service says how to install it", async () => {
    const r = await cli("gateway", "start");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("The gateway service is not installed");
    expect(r.stderr).toContain("Install it with: clawd gateway install");
  });
});
