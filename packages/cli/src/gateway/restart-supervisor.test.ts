import { describe, expect, it } from "vitest";
import { createRestartSupervisor } from "./restart-supervisor.js";

type Op = "plan" | "start" | "stop";
type Gateway = { name: string };

/** Lets every queued promise reaction run. */
const settle = () => new Promise<void>((r) => setImmediate(r));

/**
 * A supervisor over fake gateways named after the plan they start from. Every call is logged.
 * `hold(op)` makes the next calls of `op` wait until `release(op)` (or `release(op, error)`
 * to fail it); `fail(op, error)` makes them fail at once.
 */
function harness() {
  const log: string[] = [];
  const rejected: string[] = [];
  const failed: string[] = [];
  const held = new Set<Op>();
  const waiting = new Map<Op, { resolve(): void; reject(err: Error): void }>();
  const failing = new Map<Op, Error>();
  let plans = 0;

  const gate = async (op: Op): Promise<void> => {
    if (held.has(op)) {
      await new Promise<void>((resolve, reject) => waiting.set(op, { resolve, reject }));
    }
    const err = failing.get(op);
    if (err) throw err;
  };
  const sup = createRestartSupervisor<string, Gateway>({
    async plan() {
      const name = `plan${++plans}`;
      log.push(`plan ${name}`);
      await gate("plan");
      return name;
    },
    async start(plan) {
      log.push(`start ${plan}`);
      await gate("start");
      return { name: plan };
    },
    async stop(gateway, restart) {
      log.push(`stop ${gateway.name}${restart ? " (restart)" : ""}`);
      await gate("stop");
    },
    async abandoned(gateway) {
      log.push(`abandoned ${gateway.name}`);
    },
    started: (gateway) => void log.push(`started ${gateway.name}`),
    planRejected: (why, err) => void rejected.push(`${why}: ${(err as Error).message}`),
    restartFailed: (why, err) => void failed.push(`${why}: ${(err as Error).message}`),
  });
  return {
    sup,
    log,
    rejected,
    failed,
    hold: (op: Op) => void held.add(op),
    fail: (op: Op, err: Error) => void failing.set(op, err),
    /** Lets the waiting call of `op` finish (or fail with `err`); later calls run freely. */
    async release(op: Op, err?: Error) {
      held.delete(op);
      const w = waiting.get(op);
      if (!w) throw new Error(`no ${op} call is waiting`);
      waiting.delete(op);
      if (err) w.reject(err);
      else w.resolve();
      await settle();
    },
  };
}

/** A harness whose first gateway (plan0) is running. */
async function runningHarness() {
  const h = harness();
  await h.sup.start("plan0");
  h.log.length = 0;
  return h;
}

describe("restart supervisor", () => {
  it("starts, then a restart plans afresh, stops the old gateway (restart follows) and starts the new one", async () => {
    const h = harness();
    expect(h.sup.state).toBe("starting");
    await h.sup.start("plan0");
    expect(h.sup.state).toBe("running");
    await h.sup.restart("SIGHUP");
    expect(h.log).toEqual(["start plan0", "started plan0", "plan plan1", "stop plan0 (restart)", "start plan1", "started plan1"]);
    expect(h.sup.state).toBe("running");
    expect(h.sup.running).toEqual({ name: "plan1" });
  });

  it("restarts asked for while starting are replayed once the gateway is up, as one restart", async () => {
    const h = harness();
    h.hold("start");
    const starting = h.sup.start("plan0");
    await h.sup.restart("config file changed");
    await h.sup.restart("SIGHUP");
    expect(h.log).toEqual(["start plan0"]);
    expect(h.sup.state).toBe("starting");
    await h.release("start");
    await starting;
    await settle();
    expect(h.log).toEqual(["start plan0", "started plan0", "plan plan1", "stop plan0 (restart)", "start plan1", "started plan1"]);
    expect(h.sup.state).toBe("running");
  });

  it("restarts asked for while restarting run once after it, as one more restart", async () => {
    const h = await runningHarness();
    h.hold("start");
    const first = h.sup.restart("SIGHUP");
    await settle();
    expect(h.sup.state).toBe("restarting");
    await h.sup.restart("config file changed");
    await h.sup.restart("config.apply");
    await h.sup.restart("SIGUSR1");
    await h.release("start");
    await first;
    expect(h.log).toEqual([
      "plan plan1",
      "stop plan0 (restart)",
      "start plan1",
      "started plan1",
      "plan plan2",
      "stop plan1 (restart)",
      "start plan2",
      "started plan2",
    ]);
    expect(h.sup.state).toBe("running");
  });

  it("a config that no longer plans leaves the old gateway running, and says why", async () => {
    const h = await runningHarness();
    h.fail("plan", new Error("gateway.port: must be a number"));
    await h.sup.restart("config file changed");
    expect(h.log).toEqual(["plan plan1"]);
    expect(h.rejected).toEqual(["config file changed: gateway.port: must be a number"]);
    expect(h.sup.state).toBe("running");
    expect(h.sup.running).toEqual({ name: "plan0" });
  });

  it("a restart queued behind a rejected config still runs (the file may have been fixed meanwhile)", async () => {
    const h = await runningHarness();
    h.hold("plan");
    const first = h.sup.restart("config file changed");
    await settle();
    await h.sup.restart("config file changed again");
    await h.release("plan", new Error("invalid JSON"));
    await first;
    expect(h.rejected).toEqual(["config file changed: invalid JSON"]);
    expect(h.log).toEqual(["plan plan1", "plan plan2", "stop plan0 (restart)", "start plan2", "started plan2"]);
    expect(h.sup.running).toEqual({ name: "plan2" });
  });

  it("when the new gateway fails to start, nothing runs: failed, reported once, and later requests are ignored", async () => {
    const h = await runningHarness();
    h.hold("start");
    const first = h.sup.restart("SIGHUP");
    await settle();
    await h.sup.restart("queued behind the crash");
    await h.release("start", new Error("port 18789 is in use"));
    await first;
    expect(h.failed).toEqual(["SIGHUP: port 18789 is in use"]);
    expect(h.sup.state).toBe("failed");
    expect(h.sup.running).toBeUndefined();
    await h.sup.restart("SIGHUP");
    expect(h.log).toEqual(["plan plan1", "stop plan0 (restart)", "start plan1"]);
    await h.sup.stop();
    expect(h.log).toEqual(["plan plan1", "stop plan0 (restart)", "start plan1"]);
    expect(h.sup.state).toBe("stopped");
  });

  it("a first start that fails throws, drops restarts asked for meanwhile and ignores later ones", async () => {
    const h = harness();
    h.hold("start");
    const starting = h.sup.start("plan0");
    const outcome = expect(starting).rejects.toThrow("EACCES");
    await h.sup.restart("config file changed");
    await h.release("start", new Error("EACCES"));
    await outcome;
    expect(h.sup.state).toBe("stopped");
    await h.sup.restart("SIGHUP");
    await settle();
    expect(h.log).toEqual(["start plan0"]);
  });

  it("restarts asked for while stopping are ignored: the gateway is stopped once, for good", async () => {
    const h = await runningHarness();
    h.hold("stop");
    const stopping = h.sup.stop();
    expect(h.sup.state).toBe("stopping");
    await h.sup.restart("config.apply");
    await h.sup.restart("config file changed");
    expect(h.sup.state).toBe("stopping");
    await h.release("stop");
    await stopping;
    await settle();
    expect(h.log).toEqual(["stop plan0"]);
    expect(h.sup.state).toBe("stopped");
  });

  it("stop while the new gateway starts waits for it, then stops it (and does not report it started)", async () => {
    const h = await runningHarness();
    h.hold("start");
    const restarting = h.sup.restart("SIGHUP");
    await settle();
    const stopping = h.sup.stop();
    await settle();
    expect(h.log).toEqual(["plan plan1", "stop plan0 (restart)", "start plan1"]);
    await h.release("start");
    await Promise.all([restarting, stopping]);
    expect(h.log).toEqual(["plan plan1", "stop plan0 (restart)", "start plan1", "stop plan1"]);
    expect(h.sup.state).toBe("stopped");
    expect(h.sup.running).toBeUndefined();
  });

  it("stop while the new config is planned stops the old gateway and starts no new one", async () => {
    const h = await runningHarness();
    h.hold("plan");
    const restarting = h.sup.restart("SIGHUP");
    await settle();
    const stopping = h.sup.stop();
    await h.release("plan");
    await Promise.all([restarting, stopping]);
    expect(h.log).toEqual(["plan plan1", "stop plan0"]);
    expect(h.sup.state).toBe("stopped");
  });

  it("stop while the old gateway stops for a restart starts no new one, and finishes the old one's final stop", async () => {
    const h = await runningHarness();
    h.hold("stop");
    const restarting = h.sup.restart("SIGHUP");
    await settle();
    const stopping = h.sup.stop();
    await h.release("stop");
    await Promise.all([restarting, stopping]);
    expect(h.log).toEqual(["plan plan1", "stop plan0 (restart)", "abandoned plan0"]);
    expect(h.sup.state).toBe("stopped");
  });

  it("stop during the first start returns at once; the gateway is stopped as soon as it is up", async () => {
    const h = harness();
    h.hold("start");
    const starting = h.sup.start("plan0");
    await h.sup.stop();
    expect(h.sup.state).toBe("stopped");
    await h.release("start");
    await starting;
    expect(h.log).toEqual(["start plan0", "stop plan0"]);
    expect(h.sup.running).toBeUndefined();
  });

  it("a second stop shares the first: the gateway is stopped once", async () => {
    const h = await runningHarness();
    h.hold("stop");
    const a = h.sup.stop();
    const b = h.sup.stop();
    await h.release("stop");
    await Promise.all([a, b]);
    expect(h.log).toEqual(["stop plan0"]);
  });
});
