// The in-process restart of `clawd gateway` (SIGHUP/SIGUSR1, a config file change in dev mode,
// `config.apply` over RPC): one gateway at a time, requests that arrive at a bad moment are
// replayed or dropped, never run side by side. Pure: planning, starting and stopping are
// injected, so every transition is unit-tested (restart-supervisor.test.ts).
//
//   starting ──start ok──▶ running ──restart──▶ restarting ──ok / plan rejected──▶ running
//      │                      │                     │
//   start fails            stop()          new gateway fails to start
//      ▼                      ▼                     ▼
//   stopped ◀──────────── stopping               failed
//
// - A restart asked for while starting or restarting is remembered (the latest reason wins)
//   and runs once the gateway is up: one restart re-reads the config, covering every earlier
//   request.
// - A new config that does not plan (invalid, port taken…) leaves the old gateway running.
// - When the old gateway stopped and the new one cannot start, nothing runs: `failed`, and the
//   caller exits.
// - stop() waits for a restart in flight, stops whatever then runs, and ignores every later
//   request; a restart whose old gateway stopped meanwhile does not start the new one, and
//   that gateway gets the rest of a final stop (abandoned).

export type SupervisorState = "starting" | "running" | "restarting" | "stopping" | "stopped" | "failed";

/** What the supervisor drives. */
export interface RestartSupervisorDeps<Plan, Gateway> {
  /** Plans the gateway afresh (re-reads the config); throws when the config no longer holds. */
  plan(): Promise<Plan>;
  start(plan: Plan): Promise<Gateway>;
  /** `restart` tells clients a new gateway follows. */
  stop(gateway: Gateway, restart: boolean): Promise<void>;
  /**
   * The rest of a final stop for a gateway already stopped for a restart (stop() came while
   * it stopped, so no new gateway follows): what `stop(gateway, false)` does beyond `stop(gateway, true)`.
   */
  abandoned?(gateway: Gateway): Promise<void>;
  /** Called after every successful start (the first and each restart). */
  started?(gateway: Gateway): void;
  /** The new config was rejected; the old gateway keeps running. */
  planRejected(why: string, err: unknown): void;
  /** The old gateway stopped and the new one failed to start: nothing runs any more. */
  restartFailed(why: string, err: unknown): void;
}

export interface RestartSupervisor<Plan, Gateway> {
  readonly state: SupervisorState;
  readonly running: Gateway | undefined;
  /** The first start; throws (state `stopped`) when it fails. Replays a restart asked for meanwhile. */
  start(plan: Plan): Promise<Gateway>;
  /** Asks for a restart; resolves when it (or the restart that covers it) is done, or at once when it was queued or ignored. */
  restart(why: string): Promise<void>;
  /** Stops for good (see the header). */
  stop(): Promise<void>;
}

export function createRestartSupervisor<Plan, Gateway>(deps: RestartSupervisorDeps<Plan, Gateway>): RestartSupervisor<Plan, Gateway> {
  let state: SupervisorState = "starting";
  let running: Gateway | undefined;
  let pending: string | undefined;
  let inFlight: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  // `state` is reassigned by stop() while a restart awaits; read it through this so the
  // compiler does not narrow it across those awaits.
  const current = (): SupervisorState => state;

  const restartOnce = async (why: string): Promise<void> => {
    const old = running;
    if (old === undefined) return;
    let next: Plan;
    try {
      next = await deps.plan();
    } catch (err) {
      deps.planRejected(why, err);
      return;
    }
    if (current() !== "restarting") return; // stop() came while planning: the old one stops there
    running = undefined;
    await deps.stop(old, true);
    if (current() !== "restarting") {
      await deps.abandoned?.(old); // stop() came while the old one stopped: finish its final stop
      return;
    }
    try {
      running = await deps.start(next);
    } catch (err) {
      state = "failed";
      pending = undefined;
      deps.restartFailed(why, err);
      return;
    }
    if (current() === "restarting") deps.started?.(running); // else stop() stops it next
  };

  const restart = async (why: string): Promise<void> => {
    if (state === "starting" || state === "restarting") {
      pending = why;
      return;
    }
    if (state !== "running") return;
    state = "restarting";
    pending = undefined; // this restart re-reads the config, covering earlier requests
    const done = restartOnce(why);
    inFlight = done;
    try {
      await done;
    } finally {
      inFlight = undefined;
      if (state === "restarting") state = "running";
    }
    const again = pending;
    if (again !== undefined && state === "running") await restart(again);
  };

  return {
    get state() {
      return state;
    },
    get running() {
      return running;
    },
    async start(plan) {
      let gateway: Gateway;
      try {
        gateway = await deps.start(plan);
      } catch (err) {
        state = "stopped";
        pending = undefined;
        throw err;
      }
      if (state !== "starting") {
        // stop() came while the first gateway started: it must not keep running.
        await deps.stop(gateway, false);
        return gateway;
      }
      running = gateway;
      state = "running";
      deps.started?.(gateway);
      const again = pending;
      if (again !== undefined) void restart(again);
      return gateway;
    },
    restart,
    stop() {
      if (stopping) return stopping;
      state = "stopping";
      pending = undefined;
      stopping = (async () => {
        try {
          if (inFlight) await inFlight;
          const gateway = running;
          running = undefined;
          if (gateway !== undefined) await deps.stop(gateway, false);
        } finally {
          state = "stopped";
        }
      })();
      return stopping;
    },
  };
}
