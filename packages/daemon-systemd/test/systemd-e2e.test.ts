// The systemd service against a real `systemd --user` manager (private mount namespace,
// own cgroup; see @clawd/test-kit/systemd-sandbox). One manager for the whole file.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DaemonService, ServiceSpec } from "@clawd/daemon";
import { type SystemdSandbox, startSystemdUserManager, systemdSandboxUnavailableReason } from "@clawd/test-kit/systemd-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createService } from "../src/index.js";
import { AWKWARD_ARGS } from "./awkward.js";

const HOLDER = fileURLToPath(new URL("./fixtures/holder.mjs", import.meta.url));
/** Upper bound for systemd to bring a killed service back (RestartSec=5 plus slack for a loaded CI box). */
const RESTART_WAIT_MS = 20_000;
const POLL_MS = 100;

const unavailable = systemdSandboxUnavailableReason();
const describeReal = unavailable ? describe.skip : describe;
const suiteName = unavailable ? `systemd user service e2e (skipped: ${unavailable})` : "systemd user service e2e (real systemd --user)";

interface HolderState {
  pid: number;
  port: number;
  argv: string[];
  cwd: string;
  env: Record<string, string | undefined>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

describeReal(suiteName, () => {
  let sandbox: SystemdSandbox;
  let service: DaemonService;
  let spec: ServiceSpec;
  let stateFile: string;
  let nodePath: string;
  const seenPids: number[] = [];

  /** The holder's report once the running MainPID matches it. */
  const runningHolder = (previous?: number) =>
    waitFor(
      `holder running${previous ? ` with a pid other than ${previous}` : ""}`,
      async () => {
        const status = await service.status();
        if (status.state !== "running" || !status.pid || status.pid === previous || !existsSync(stateFile)) return undefined;
        const state = JSON.parse(readFileSync(stateFile, "utf8")) as HolderState;
        if (state.pid !== status.pid) return undefined;
        seenPids.push(state.pid);
        return { status, state };
      },
      previous ? RESTART_WAIT_MS : 10_000,
    );

  beforeAll(async () => {
    sandbox = await startSystemdUserManager();
    // The program path itself is awkward too: node reached through a symlink in a dir with a space, % and $.
    const binDir = path.join(sandbox.root, "bin dir %x");
    mkdirSync(binDir);
    nodePath = path.join(binDir, "node");
    symlinkSync(process.execPath, nodePath);
    const workDir = path.join(sandbox.root, "work dir 50%");
    mkdirSync(workDir);
    stateFile = path.join(sandbox.root, "holder.json");
    spec = {
      name: "clawd-e2e",
      description: "Clawd e2e holder (100% test)",
      programArguments: [nodePath, HOLDER, ...AWKWARD_ARGS],
      workingDirectory: workDir,
      environment: { HOLDER_STATE_FILE: stateFile, HOLDER_AWKWARD: 'a "b" \\c 5% $d', EMPTY_IS_DROPPED: "" },
      stdoutPath: path.join(sandbox.root, "logs", "gateway.log"),
      stderrPath: path.join(sandbox.root, "logs", "gateway.err.log"),
    };
    service = createService({
      name: "clawd-e2e",
      home: sandbox.home,
      stateDir: path.join(sandbox.home, ".clawd"),
      env: { ...process.env, ...sandbox.env },
    });
  });

  afterAll(async () => {
    await sandbox?.stop();
    expect(existsSync(sandbox.cgroupDir), "cgroup left behind").toBe(false);
    expect(existsSync(sandbox.root), "sandbox dir left behind").toBe(false);
    for (const pid of seenPids) expect(isAlive(pid), `holder ${pid} survived teardown`).toBe(false);
  });

  it("install writes the unit, enables and starts it; status shows the PID", async () => {
    const result = await service.install(spec);
    expect(result.result).toBe("installed");
    expect(result.filePath).toBe(path.join(sandbox.home, ".config/systemd/user/clawd-e2e.service"));
    expect(existsSync(result.filePath)).toBe(true);
    const { status, state } = await runningHolder();
    expect(status).toMatchObject({ installed: true, loaded: true, loadedText: "enabled", state: "running" });
    expect(status.pid).toBe(state.pid);
    expect(isAlive(state.pid)).toBe(true);
    expect(state.cwd).toBe(spec.workingDirectory);
    expect(state.env.HOLDER_AWKWARD).toBe(spec.environment?.HOLDER_AWKWARD);
  });

  it("the process receives exactly the intended argv", async () => {
    const { state } = await runningHolder();
    expect(state.argv).toEqual([HOLDER, ...AWKWARD_ARGS]);
    const cmdline = readFileSync(`/proc/${state.pid}/cmdline`, "utf8").split("\0").slice(0, -1);
    expect(cmdline).toEqual([nodePath, HOLDER, ...AWKWARD_ARGS]);
  });

  it("systemctl --user show -p ExecStart shows the intended argv", () => {
    // systemd stores argv before exec-time `$$` → `$`, and prints it joined with spaces.
    const stored = spec.programArguments.map((arg) => arg.replaceAll("$", "$$$$"));
    const shown = sandbox.systemctl(["show", "-p", "ExecStart", "--value", "clawd-e2e.service"]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`{ path=${stored[0]} ; argv[]=${stored.join(" ")} ; ignore_errors=no ;`);
    // The same argv as a typed array, where spaces inside arguments are unambiguous.
    const bus = spawnSync(
      "busctl",
      [
        "--user",
        "--json=short",
        "get-property",
        "org.freedesktop.systemd1",
        "/org/freedesktop/systemd1/unit/clawd_2de2e_2eservice",
        "org.freedesktop.systemd1.Service",
        "ExecStart",
      ],
      { env: { ...process.env, ...sandbox.env }, encoding: "utf8" },
    );
    expect(bus.stderr).toBe("");
    const [[busPath, busArgv]] = (JSON.parse(bus.stdout) as { data: [[string, string[]]] }).data;
    expect(busPath).toBe(stored[0]);
    expect(busArgv).toEqual(stored);
  });

  it("a second install with the same spec is a no-op", async () => {
    const { state } = await runningHolder();
    const again = await service.install(spec);
    expect(again.result).toBe("already-installed");
    expect((await service.status()).pid).toBe(state.pid);
  });

  it("readInstalled parses the unit back into the spec", async () => {
    const { EMPTY_IS_DROPPED: _dropped, ...environment } = spec.environment ?? {};
    expect(await service.readInstalled()).toEqual({ ...spec, environment });
  });

  it("stop leaves it enabled; start and restart bring up new processes", async () => {
    const { state: first } = await runningHolder();
    await service.stop();
    const stopped = await service.status();
    expect(stopped).toMatchObject({ installed: true, loaded: true, loadedText: "enabled", state: "stopped" });
    expect(stopped.pid).toBeUndefined();
    expect(isAlive(first.pid)).toBe(false);

    await service.start();
    const { state: second } = await runningHolder(first.pid);
    expect(second.pid).not.toBe(first.pid);

    await service.restart();
    const { state: third } = await runningHolder(second.pid);
    expect(third.pid).not.toBe(second.pid);
    expect(isAlive(second.pid)).toBe(false);
  });

  it("systemd brings the service back after kill -9", async () => {
    const { state: before } = await runningHolder();
    process.kill(before.pid, "SIGKILL");
    await waitFor("the killed holder to disappear", () => (isAlive(before.pid) ? undefined : true));
    const { state: after } = await runningHolder(before.pid);
    expect(after.pid).not.toBe(before.pid);
  });

  it("logs are appended to the gateway log files across restarts", () => {
    const out = readFileSync(spec.stdoutPath as string, "utf8")
      .split("\n")
      .filter(Boolean);
    const err = readFileSync(spec.stderrPath as string, "utf8")
      .split("\n")
      .filter(Boolean);
    expect(out.length).toBeGreaterThanOrEqual(4);
    expect(out.every((line) => /^holder \d+ listening on \d+$/.test(line))).toBe(true);
    expect(err.some((line) => /^holder \d+ stderr line$/.test(line))).toBe(true);
  });

  it("uninstall leaves no file and no process", async () => {
    const { state } = await runningHolder();
    const result = await service.uninstall();
    expect(result).toMatchObject({ result: "uninstalled", removed: [service.filePath] });
    expect(existsSync(service.filePath)).toBe(false);
    expect(isAlive(state.pid)).toBe(false);
    for (const pid of seenPids) expect(isAlive(pid)).toBe(false);
    const leftovers = sandbox.cgroupPids().filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("holder.mjs");
      } catch {
        return false;
      }
    });
    expect(leftovers).toEqual([]);
    expect(await service.status()).toMatchObject({ installed: false, loaded: false, state: "stopped" });
    expect(sandbox.systemctl(["show", "-p", "LoadState", "--value", "clawd-e2e.service"]).stdout.trim()).toBe("not-found");
    expect(await service.readInstalled()).toBeNull();
    expect(await service.uninstall()).toMatchObject({ result: "not-installed", removed: [] });
  });
});
