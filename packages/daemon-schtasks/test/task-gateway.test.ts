// The gateway process behind the task, with a real node listening on a real (OS-picked) port.
// The fake schtasks behaves as Windows does: `/End` ends the task's cmd.exe and leaves the
// listening node alive; `/Run` while that node runs is accepted and ignored. The fake taskkill
// really ends the process tree. The listener lookup is the real @clawd/ports one (Linux /proc).
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ServiceSpec, createCommandRunner } from "@clawd/daemon";
import { type FakeBin, createFakeBin } from "@clawd/test-kit/fake-bin";
import { PORT_HOLDER_SCRIPT, canBind, getFreePort, spawnPortHolder, stopAllPortHolders } from "@clawd/test-kit/ports";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findListeners } from "@clawd/ports";
import { pollFor } from "../src/task-process.js";
import { sandboxService } from "./sandbox-service.js";
import { FAKE_LOGON_TRIGGER, schtasksBehaviour, taskkillBehaviour } from "./schtasks-fixtures.js";

const NAME = "Clawd Gateway";
const WAIT_MS = 10_000;

let root: string;
let port: number;
let gatewayArgv: string[];
let schtasks: FakeBin;
let taskkill: FakeBin;

const service = () => sandboxService(root, NAME, schtasks);

const spec = (overrides: Partial<ServiceSpec> = {}): ServiceSpec => ({
  name: NAME,
  description: "Clawd Gateway",
  programArguments: gatewayArgv,
  workingDirectory: root,
  ...overrides,
});

/** The pid listening on the gateway port (a child of the supervisor the task runs). */
async function listeningGateway(notPid?: number): Promise<number> {
  const pid = await pollFor(async () => (await findListeners(port)).map((l) => l.pid).find((p) => p !== notPid), WAIT_MS);
  if (pid === undefined) throw new Error("the fake task's gateway never listened");
  return pid;
}

/** Alive and not a zombie (this container's init does not reap orphans). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

beforeEach(async () => {
  root = mkdtempSync(path.join(tmpdir(), "clawd-task-gateway-"));
  mkdirSync(path.join(root, "home"), { recursive: true });
  port = await getFreePort();
  gatewayArgv = [process.execPath, PORT_HOLDER_SCRIPT, "cooperative", "--port", String(port)];
  // What the task's script runs: the supervisor the install writes, in front of the gateway.
  const supervised = [process.execPath, path.join(root, "home", ".clawd", "gateway-supervisor.cjs"), "--", ...gatewayArgv];
  schtasks = createFakeBin("schtasks", schtasksBehaviour(NAME, { gateway: supervised }));
  taskkill = createFakeBin("taskkill", taskkillBehaviour(), { dir: schtasks.dir });
});

/**
 * Every live process of this test: those whose command line mentions its directory (supervisors,
 * launchers) and the gateways they run (the port holder on this test's port, whose command line
 * does not mention the directory and which outlives a SIGKILLed supervisor).
 */
function ownProcesses(): number[] {
  const gatewayArgs = `${PORT_HOLDER_SCRIPT}\0cooperative\0--port\0${port}\0`;
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8");
        return (cmdline.includes(root) || cmdline.includes(gatewayArgs)) && alive(Number(name));
      } catch {
        return false;
      }
    })
    .map(Number);
}

afterEach(async () => {
  for (const pid of ownProcesses()) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await stopAllPortHolders();
  schtasks.cleanup();
  rmSync(root, { recursive: true, force: true });
});

describe("stop, restart, reinstall and uninstall end the node that /End leaves running", () => {
  it("stop frees the port: finds our listener, ends its tree with taskkill /T", async () => {
    const svc = service();
    await svc.install(spec());
    const pid = await listeningGateway();
    await svc.stop();
    expect(await canBind(port)).toBe(true);
    expect(alive(pid)).toBe(false);
    expect(taskkill.calls()).toContainEqual(["/F", "/T", "/PID", String(pid)]);
  });

  it("status reports the gateway's pid from its port (the task's own run ends with the hidden launcher)", async () => {
    const svc = service();
    await svc.install(spec());
    const pid = await listeningGateway();
    expect(await svc.status()).toMatchObject({ loaded: true, state: "running", pid });
    await svc.stop();
    const stopped = await svc.status();
    expect(stopped.pid).toBeUndefined();
    expect(stopped.state).toBe("stopped");
  });

  it("restart leaves a gateway with a different pid on the port", async () => {
    const svc = service();
    await svc.install(spec());
    const before = await listeningGateway();
    await svc.restart();
    const after = await listeningGateway(before);
    expect(after).not.toBe(before);
    expect(alive(before)).toBe(false);
  });

  it("a reinstall (new script) replaces the old gateway instead of leaving it serving", async () => {
    const svc = service();
    await svc.install(spec());
    const before = await listeningGateway();
    const oldSupervisor = Number(schtasks.state().gatewayPid);
    expect((await svc.install(spec({ description: "Clawd Gateway v2" }))).result).toBe("installed");
    const after = await listeningGateway(before);
    expect(after).not.toBe(before);
    expect(alive(before)).toBe(false);
    // The old supervisor exits instead of restarting the old gateway next to the new one.
    expect(await pollFor(async () => (alive(oldSupervisor) ? undefined : true), WAIT_MS)).toBe(true);
    expect(Number(schtasks.state().gatewayPid)).not.toBe(oldSupervisor);
  });

  it("uninstall leaves no orphan listening", async () => {
    const svc = service();
    await svc.install(spec());
    const pid = await listeningGateway();
    await svc.uninstall();
    expect(alive(pid)).toBe(false);
    expect(await canBind(port)).toBe(true);
  });

  it("never ends a listener that does not run our entry script", async () => {
    // Another program holds the port; the task's gateway cannot listen and its supervisor
    // waits between restarts. stop must leave the other program alone and still return.
    const other = await spawnPortHolder({ kind: "cooperative", port });
    const svc = service();
    await svc.install(spec({ programArguments: [process.execPath, path.join(root, "cli.js"), "gateway", "--port", String(port)] }));
    await svc.stop();
    expect(other.alive()).toBe(true);
    expect(taskkill.calls()).toEqual([]);
  });

  it("restart fails with a clear message when no new gateway comes up", async () => {
    // Someone else's program holds the port, so the task's gateway cannot listen.
    const squatter = await spawnPortHolder({ kind: "cooperative" });
    const svc = sandboxService(root, NAME, schtasks, { startTimeoutMs: 500 });
    const squatted = [process.execPath, PORT_HOLDER_SCRIPT, "cooperative", "--port", String(squatter.port)]; // fails to bind
    schtasks.setBehaviour(schtasksBehaviour(NAME, { gateway: squatted }));
    await svc.install(spec({ programArguments: [process.execPath, path.join(root, "cli.js"), "gateway", "--port", String(squatter.port)] }));
    await expect(svc.restart()).rejects.toThrow(`The gateway did not come back on port ${squatter.port} after the restart.`);
    expect(squatter.alive()).toBe(true);
  });
});

describe("logon trigger without admin rights", () => {
  it("/SC ONLOGON is denied to a standard user, and the task is created from XML anyway", async () => {
    const denied = await createCommandRunner({ env: schtasks.env() })("schtasks", ["/Create", "/F", "/SC", "ONLOGON", "/TN", NAME, "/TR", "x"]);
    expect(denied).toMatchObject({ code: 1, stderr: "ERROR: Access is denied.\r\n" });
    const result = await service().install(spec());
    expect(result.notes[0]).toBe(`Installed Scheduled Task: ${NAME}`);
    expect(schtasks.calls().some((c) => c.includes("/XML"))).toBe(true);
    await listeningGateway();
  });
});

describe("keeping the gateway running (the supervisor the task runs)", () => {
  it("a crashed gateway comes back with a new pid", async () => {
    await service().install(spec());
    const first = await listeningGateway();
    process.kill(first, "SIGKILL");
    const second = await listeningGateway(first);
    expect(second).not.toBe(first);
  });

  it("stop lasts across a logon until start: the disabled task's logon trigger does not fire", async () => {
    const svc = service();
    await svc.install(spec());
    const first = await listeningGateway();
    const supervisor = Number(schtasks.state().gatewayPid);
    await svc.stop();
    expect(await pollFor(async () => (alive(supervisor) ? undefined : true), WAIT_MS)).toBe(true);
    // The user logs off and on: Task Scheduler would run an enabled task now.
    const logon = await createCommandRunner({ env: schtasks.env() })("schtasks", [FAKE_LOGON_TRIGGER]);
    expect(logon.code).toBe(0);
    expect(Number(schtasks.state().gatewayPid)).toBe(supervisor); // nothing was started
    expect(await canBind(port)).toBe(true);
    expect(await svc.status()).toMatchObject({ state: "stopped", loadedText: "disabled, stopped by `clawd gateway stop`" });
    await svc.start();
    expect(await listeningGateway(first)).not.toBe(first);
  });

  it("when /DISABLE fails, the stop marker still keeps a logon from starting the gateway (why the marker stays)", async () => {
    const behaviour = schtasksBehaviour(NAME, {
      gateway: [process.execPath, path.join(root, "home", ".clawd", "gateway-supervisor.cjs"), "--", ...gatewayArgv],
    });
    schtasks.setBehaviour({
      ...behaviour,
      rules: [{ argv: ["/Change", "/TN", NAME, "/DISABLE"], stderr: "ERROR: Access is denied.\r\n", code: 1 }, ...behaviour.rules],
    });
    const svc = service();
    await svc.install(spec());
    await listeningGateway();
    await svc.stop();
    const stopped = Number(schtasks.state().gatewayPid);
    const logon = await createCommandRunner({ env: schtasks.env() })("schtasks", [FAKE_LOGON_TRIGGER]);
    expect(logon.code).toBe(0);
    const supervisor = Number(schtasks.state().gatewayPid);
    expect(supervisor).not.toBe(stopped); // the enabled task did start a supervisor at logon …
    expect(await pollFor(async () => (alive(supervisor) ? undefined : true), WAIT_MS)).toBe(true); // … which exits at once
    expect(await canBind(port)).toBe(true);
    expect(await svc.status()).toMatchObject({ state: "stopped", loadedText: "registered, stopped by `clawd gateway stop`" });
  });

  it("restart waits for the ending run before /Run, so the new run is not dropped (IgnoreNew)", async () => {
    const svc = service();
    await svc.install(spec());
    const before = await listeningGateway();
    const oldSupervisor = Number(schtasks.state().gatewayPid);
    await svc.restart();
    // A new supervisor was spawned by the /Run, not the old run left in place.
    expect(Number(schtasks.state().gatewayPid)).not.toBe(oldSupervisor);
    expect(await listeningGateway(before)).not.toBe(before);
  });
});
