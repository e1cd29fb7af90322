// `clawd gateway install|status|stop|start|restart|uninstall` end to end, against a REAL
// `systemd --user` manager in a private mount namespace (tooling/test-kit/systemd-sandbox).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { dirname, join } from "node:path";
import { getFreePort } from "@clawd/test-kit/ports";
import { type SystemdSandbox, startSystemdUserManager, systemdSandboxUnavailableReason } from "@clawd/test-kit/systemd-sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { killAllClis, runCli, startCli } from "./cli-process.js";
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

    // Defect 1: the RPC commands dial the installed service's port, not 18789.
    const health = await cli("gateway", "health");
    expect(health.code, health.stderr).toBe(0);
    // A warning of the service (an auth failure, never the secret) reaches `clawd logs --level warn`.
    const denied = await cli("gateway", "health", "--token", "not-the-service-token");
    expect(denied.code).toBe(1);
    const warnings = await cli("logs", "--level", "warn", "--json");
    expect(warnings.code, warnings.stderr).toBe(0);
    expect(warnings.stdout).toMatch(/"level":"warn","message":"gateway auth_failed: .*reason=token_mismatch/);
    expect(warnings.stdout).not.toContain("not-the-service-token");
    expect(health.stdout).toContain("✓ Gateway is healthy");
    const call = await cli("gateway", "call", "status", "--json");
    expect(call.code, call.stderr).toBe(0);
    const probe = await cli("gateway", "probe");
    expect(probe.code, probe.stderr).toBe(0);
    expect(probe.stdout).toContain(`✓ ws://127.0.0.1:${port} (local loopback, port from installed service)`);

    const human = await cli("gateway", "status");
    expect(human.stdout).toContain("Service: systemd (enabled)");
    expect(human.stdout).toContain(`Runtime: running (PID ${pid1})`);
    expect(human.stdout).toContain(`Port: ${port}`);
    expect(human.stdout).toContain("Status: ✓ connected");

    const foreground = await cli("gateway", "--port", String(port));
    expect(foreground.code).toBe(1);
    expect(foreground.stderr.split("\n")[0]).toBe(
      `Gateway already running as the installed systemd service (PID ${pid1}) on port ${port}. Stop it with: clawd gateway stop`,
    );
    // The one-step --force hint keeps --port: a bare `clawd gateway --force` would start on 18789.
    expect(foreground.stderr).toContain(`Or stop it and run here in one step: clawd gateway --port ${port} --force (stops the service`);

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

    // Defect 3: --force stops the service through systemd (no SIGKILL, no auto-restart loop).
    const forced = startCli(["gateway", "--port", String(port), "--force"], env);
    await forced.waitFor("transport:");
    expect(forced.stdout).toContain(`force: port ${port} is held by the installed systemd service (PID ${pid2}); stopping it through systemd`);
    expect(forced.stdout).toContain("force: service stopped; it stays installed (start it again with clawd gateway start)");
    expect(sbx.systemctl(["is-active", "clawd-gateway.service"]).stdout.trim()).toBe("inactive");
    expect(sbx.systemctl(["show", "-p", "NRestarts", "--value", "clawd-gateway.service"]).stdout.trim()).toBe("0");
    forced.child.kill("SIGTERM");
    expect((await forced.exited).code).toBe(0);
    expect(sbx.systemctl(["is-active", "clawd-gateway.service"]).stdout.trim()).toBe("inactive");

    const restart = await cli("gateway", "restart");
    expect(restart.code, restart.stderr).toBe(0);
    const pid3 = mainPid();
    expect(pid3).toBeGreaterThan(0);
    expect(pid3).not.toBe(pid2);

    // Defect 7: doctor --fix rewrites a stale service file (here: written by an older version).
    const current = readFileSync(unitPath(), "utf8");
    writeFileSync(unitPath(), current.replace(/^Description=.*$/m, "Description=Clawd Gateway v0.0.1"));
    const stale = await cli("doctor");
    expect(stale.stdout).toContain(`! Service file: stale: its version differs from what clawd gateway install writes now (${unitPath()})`);
    const fixed = await cli("doctor", "--fix");
    expect(fixed.stdout).toContain(`fixed: rewrote ${unitPath()} (port ${port}) and restarted the service`);
    expect(readFileSync(unitPath(), "utf8")).toBe(current);
    expect((await cli("doctor")).stdout).toContain(`✓ Service file: up to date (${unitPath()})`);

    const uninstall = await cli("gateway", "uninstall");
    expect(uninstall.code, uninstall.stderr).toBe(0);
    expect(uninstall.stdout).toContain(`removed ${unitPath()}`);
    expect(existsSync(unitPath())).toBe(false);
    expect(existsSync(join(sbx.home, ".clawd", "clawd.json"))).toBe(true);
    const left = sbx.cgroupPids().filter((pid) => pid === pid3);
    expect(left).toEqual([]);
  }, 120_000);

  it("status tells the truth about a crash loop: activating (auto-restart …) and the last error with its time (defect 5)", async () => {
    const install = await cli("gateway", "install", "--port", String(port));
    expect(install.code, install.stderr).toBe(0);
    const configPath = join(sbx.home, ".clawd", "clawd.json");
    const good = readFileSync(configPath, "utf8");
    try {
      writeFileSync(configPath, '{"gateway": {"mode": "local", "port": "not a number"}}');
      process.kill(mainPid(), "SIGTERM"); // exits 0; Restart=always starts it again, and the new config fails.
      const show = () => sbx.systemctl(["show", "-p", "SubState,NRestarts", "clawd-gateway.service"]).stdout;
      const deadline = Date.now() + 60_000;
      while (!(/SubState=auto-restart/.test(show()) && /NRestarts=[1-9]/.test(show())) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      // Each cycle is only briefly in auto-restart (RestartSec), and a CLI start on a loaded
      // machine can outlast it: ask again (bounded) until a status lands inside that window.
      const inWindow = async <T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> => {
        let value = await read();
        while (!ok(value) && Date.now() < deadline) value = await read();
        return value;
      };
      const status = await inWindow(
        () => cli("gateway", "status", "--no-probe"),
        (r) => /Runtime: activating/.test(r.stdout),
      );
      expect(status.stdout).toMatch(/Runtime: activating \(auto-restart in \d+s, restarts: [1-9]\d*\)/);
      expect(status.stdout).toMatch(/Last gateway error: \d{4}-\d\d-\d\dT[\d:.]+Z \[error\] Config invalid/);
      const json = await inWindow(
        async () => JSON.parse((await cli("gateway", "status", "--json", "--no-probe")).stdout),
        (j) => j.service?.autoRestart !== undefined,
      );
      expect(json.service.autoRestart.restarts).toBeGreaterThanOrEqual(1);
      expect(json.lastError).toMatch(/\[error\] Config invalid/);
    } finally {
      writeFileSync(configPath, good);
      const uninstall = await cli("gateway", "uninstall");
      expect(uninstall.code, uninstall.stderr).toBe(0);
    }
  }, 120_000);

  it("a start into a crash loop (port taken by another program) is not a success: no ✓, the last error, exit 1", async () => {
    const install = await cli("gateway", "install", "--port", String(port));
    expect(install.code, install.stderr).toBe(0);
    expect((await cli("gateway", "stop")).code).toBe(0);
    // Accepts and never answers (like an unrelated program); its sockets are cut at the end.
    const sockets = new Set<Socket>();
    const squatter = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => squatter.listen(port, "127.0.0.1", resolve));
    try {
      const start = await cli("gateway", "start");
      expect(start.code).toBe(1);
      expect(start.stdout + start.stderr).not.toContain("✓ started");
      expect(start.stdout + start.stderr).toMatch(/! started systemd clawd-gateway \(/);
      expect(start.stderr).toMatch(new RegExp(`Last gateway error: \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\[error\\] Port ${port} is already in use`));
      // The service's start-up failure is in `clawd logs` too, not only in gateway.err.log.
      const errors = await cli("logs", "--level", "error", "--json");
      expect(errors.code, errors.stderr).toBe(0);
      expect(errors.stdout).toMatch(new RegExp(`"level":"error","message":"Port ${port} is already in use`));
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => squatter.close(resolve));
      const uninstall = await cli("gateway", "uninstall");
      expect(uninstall.code, uninstall.stderr).toBe(0);
    }
  }, 120_000);

  it.skipIf(process.platform !== "linux")(
    "a port held by ANOTHER profile's service: the refusal names that profile, and --force never kills it into a restart loop (defect 3)",
    async () => {
      expect((await cli("--profile", "side", "config", "set", "gateway.mode", "local")).code).toBe(0);
      const install = await cli("--profile", "side", "gateway", "install", "--port", String(port));
      expect(install.code, install.stderr).toBe(0);
      const unit = "clawd-gateway-side.service";
      const sidePid = () => Number(sbx.systemctl(["show", "-p", "MainPID", "--value", unit]).stdout.trim());
      const pid = sidePid();
      try {
        const refused = await cli("gateway", "--port", String(port));
        expect(refused.code).toBe(1);
        expect(refused.stderr.split("\n")[0]).toBe(
          `Gateway already running as the installed systemd service of profile "side" (PID ${pid}) on port ${port}. Stop it with: clawd --profile side gateway stop`,
        );
        const forced = await cli("gateway", "--port", String(port), "--force");
        expect(forced.code).toBe(1);
        expect(forced.stderr).toContain("--force does not stop another profile's service");
        // Untouched: same process, no restart.
        expect(sidePid()).toBe(pid);
        expect(sbx.systemctl(["show", "-p", "NRestarts", "--value", unit]).stdout.trim()).toBe("0");
      } finally {
        const uninstall = await cli("--profile", "side", "gateway", "uninstall");
        expect(uninstall.code, uninstall.stderr).toBe(0);
      }
    },
    120_000,
  );

  it("under --profile work, a daemon-package hint names the profile; a foreign unit is refused, then left in place on uninstall (defects 8, 9)", async () => {
    const foreign = join(sbx.home, ".config", "systemd", "user", "clawd-gateway-work.service");
    mkdirSync(dirname(foreign), { recursive: true });
    writeFileSync(foreign, "[Service]\nExecStart=/bin/true\n");
    expect((await cli("--profile", "work", "config", "set", "gateway.mode", "local")).code).toBe(0);
    const install = await cli("--profile", "work", "gateway", "install", "--port", String(port));
    expect(install.code).toBe(1);
    expect(install.stderr).toContain(`${foreign} exists and was not written by Clawd.`);
    expect(install.stderr).toContain("Move it away, or overwrite it with: clawd --profile work gateway install --force");
    const uninstall = await cli("--profile", "work", "gateway", "uninstall");
    expect(uninstall.code, uninstall.stderr).toBe(0);
    expect(uninstall.stdout).toContain(`Left ${foreign} in place: it was not written by Clawd.`);
    expect(readFileSync(foreign, "utf8")).toBe("[Service]\nExecStart=/bin/true\n");
  });

  it("start without an installed service says how to install it", async () => {
    const r = await cli("gateway", "start");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("The gateway service is not installed");
    expect(r.stderr).toContain("Install it with: clawd gateway install");
  });
});
