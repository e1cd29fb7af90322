import { setTimeout as sleep } from "node:timers/promises";
import { runCommand } from "./command-runner.js";
import { onePerPid, type HiddenSocket, type Listener } from "./listener-types.js";
import { scanPort, type LookupOptions } from "./find-listeners.js";
import { busyCheckFor, type BusyCheck } from "./port-busy.js";
import { PortError } from "./port-error.js";
import { assertValidPort } from "./port-number.js";
import { posixSignaller, windowsSignaller, type Signaller, type StopSignal } from "./process-signal.js";

/** How long listeners get after SIGTERM before SIGKILL (upstream's value). */
export const DEFAULT_GRACE_MS = 700;
/** How long freePort waits in total for the port to be free. */
export const DEFAULT_TIMEOUT_MS = 2_000;
/** How often the wait re-checks the port; the check is cheap, so react within milliseconds. */
export const POLL_INTERVAL_MS = 5;
/** Pids never signalled: the kernel's idle task, init (and Windows' System, pid 4). */
export const PROTECTED_PIDS = [0, 1] as const;
const WINDOWS_PROTECTED_PIDS = [0, 4] as const;

/** Options of freePort; the last four exist for tests and other platforms. */
export interface FreePortOptions extends LookupOptions {
  graceMs?: number;
  timeoutMs?: number;
  /** Report what would be signalled, signal nothing. */
  dryRun?: boolean;
  signal?: AbortSignal;
  pollIntervalMs?: number;
  signaller?: Signaller;
  busyCheck?: BusyCheck;
  now?: () => number;
}

/** What freePort did: the processes it SIGTERMed (one per pid), whether it had to SIGKILL, and how long the port took to free. */
export interface FreePortResult {
  killed: Listener[];
  escalated: boolean;
  waitedMs: number;
}

/** `pid 4242 (node)` lists for messages. */
export function describePids(listeners: readonly Listener[]): string {
  return onePerPid(listeners)
    .map((l) => `pid ${l.pid} (${l.command}${l.user ? `, user ${l.user}` : ""})`)
    .join(", ");
}

function describeOwners(hidden: readonly HiddenSocket[]): string {
  const owners = [...new Set(hidden.map((h) => (h.uid === undefined ? "another user" : `user ${h.user ?? "?"} (uid ${h.uid})`)))];
  return owners.join(", ");
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new PortError("INVALID_OPTION", `Invalid ${name} ${String(value)}: use a number of milliseconds ≥ 0.`);
  }
  return value;
}

function hiddenError(port: number, hidden: readonly HiddenSocket[]): PortError {
  return new PortError(
    "EPERM",
    `Port ${port} is held by a process of ${describeOwners(hidden)} that you are not allowed to see or stop. ` +
      `Run with sudo (sudo clawd-ports ${port} --kill), or stop it by hand as that user.`,
    { port },
  );
}

/**
 * Frees `port`: SIGTERM every listener, wait up to `graceMs` for the port to be free,
 * SIGKILL those of them still listening, wait until free or `timeoutMs`. Never signals
 * PID 0/1, this process, or a pid that is not listening on the port. Checks permissions
 * before signalling anything, so a refused or foreign holder leaves every process untouched.
 */
export async function freePort(port: number, options: FreePortOptions = {}): Promise<FreePortResult> {
  assertValidPort(port);
  const timeoutMs = nonNegative("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const graceMs = Math.min(nonNegative("graceMs", options.graceMs, DEFAULT_GRACE_MS), timeoutMs);
  const pollMs = Math.max(1, nonNegative("pollIntervalMs", options.pollIntervalMs, POLL_INTERVAL_MS));
  const platform = options.platform ?? process.platform;
  const signaller = options.signaller ?? (platform === "win32" ? windowsSignaller(options.runner ?? runCommand) : posixSignaller);
  const busy = options.busyCheck ?? busyCheckFor(platform, options.procRoot);
  const now = options.now ?? (() => performance.now());
  const abortable = options.signal;

  const checkAbort = (stage: string): void => {
    if (abortable?.aborted) throw new PortError("ABORTED", `Freeing port ${port} was aborted ${stage}.`, { port, cause: abortable.reason });
  };
  checkAbort("before it started");

  const scan = await scanPort(port, options);
  const targets = onePerPid(scan.listeners);
  if (scan.hidden.length > 0) throw hiddenError(port, scan.hidden);
  if (targets.length === 0) {
    if (await busy(port)) {
      throw new PortError(
        "EPERM",
        `Port ${port} is in use but no listening process is visible to you. Run as an administrator (sudo) to see and stop it, or stop it by hand.`,
        { port },
      );
    }
    return { killed: [], escalated: false, waitedMs: 0 };
  }

  const protectedPids = new Set<number>([...(platform === "win32" ? WINDOWS_PROTECTED_PIDS : PROTECTED_PIDS), process.pid]);
  const refused = targets.filter((l) => protectedPids.has(l.pid));
  if (refused.length > 0) {
    const why = refused.some((l) => l.pid === process.pid) ? "this very process" : "a system process";
    throw new PortError(
      "REFUSED",
      `Refusing to stop ${describePids(refused)} on port ${port}: it is ${why}, which is never signalled. Stop it by hand or use another port.`,
      { port, pids: refused.map((l) => l.pid) },
    );
  }

  // Ask the kernel (signal 0) before sending anything, so a foreign holder aborts cleanly.
  const live: Listener[] = [];
  const denied: Listener[] = [];
  for (const l of targets) {
    const outcome = await signaller(l.pid, 0);
    if (outcome.kind === "denied") denied.push(l);
    else if (outcome.kind !== "gone") live.push(l);
  }
  if (denied.length > 0) {
    throw new PortError(
      "EPERM",
      `Not allowed to stop ${describePids(denied)} on port ${port}: it belongs to another user. Run with sudo (sudo clawd-ports ${port} --kill), or stop it by hand.`,
      { port, pids: denied.map((l) => l.pid) },
    );
  }
  if (options.dryRun) return { killed: live, escalated: false, waitedMs: 0 };

  const start = now();
  const signalAll = async (listeners: readonly Listener[], sig: StopSignal): Promise<void> => {
    for (const l of listeners) {
      const outcome = await signaller(l.pid, sig);
      if (outcome.kind === "denied") {
        throw new PortError(
          "EPERM",
          `Not allowed to send ${sig} to ${describePids([l])} on port ${port} (${outcome.detail}). Run with sudo, or stop it by hand.`,
          { port, pids: [l.pid] },
        );
      }
      if (outcome.kind === "failed") {
        throw new PortError("SIGNAL_FAILED", `Could not send ${sig} to ${describePids([l])} on port ${port}: ${outcome.detail}`, { port, pids: [l.pid] });
      }
    }
  };
  const waitUntilFree = async (deadline: number, stage: string): Promise<boolean> => {
    for (;;) {
      if (!(await busy(port))) return true;
      const left = deadline - now();
      if (left <= 0) return false;
      try {
        await sleep(Math.min(pollMs, left), undefined, { signal: abortable });
      } catch {
        checkAbort(stage);
        throw new PortError("ABORTED", `Freeing port ${port} was aborted ${stage}.`, { port });
      }
    }
  };
  const done = (escalated: boolean): FreePortResult => ({ killed: live, escalated, waitedMs: Math.round(now() - start) });

  await signalAll(live, "SIGTERM");
  if (await waitUntilFree(start + graceMs, `while waiting after SIGTERM to ${describePids(live)}`)) return done(false);

  // Escalate only against processes we asked to stop and that still listen now.
  const asked = new Set(live.map((l) => l.pid));
  // On Linux, looking only into the asked pids' fd tables is enough unless a socket turns
  // up that none of them holds; then the full scan names the newcomer.
  let again = await scanPort(port, { ...options, onlyPids: [...asked] });
  if (again.hidden.length > 0) again = await scanPort(port, options);
  const current = onePerPid(again.listeners);
  const stubborn = current.filter((l) => asked.has(l.pid));
  const newcomers = current.filter((l) => !asked.has(l.pid));
  if (again.hidden.length > 0) throw hiddenError(port, again.hidden);
  if (newcomers.length > 0) {
    throw new PortError(
      "STILL_LISTENING",
      `Port ${port} was taken again by ${describePids(newcomers)} after SIGTERM; a service manager is probably restarting it. Stop that service first (for our gateway: clawd [--profile <name>] gateway stop).`,
      { port, pids: newcomers.map((l) => l.pid) },
    );
  }
  if (stubborn.length > 0) await signalAll(stubborn, "SIGKILL");
  if (await waitUntilFree(start + timeoutMs, "while waiting after SIGKILL")) return done(stubborn.length > 0);

  const still = onePerPid((await scanPort(port, options)).listeners);
  throw new PortError(
    "STILL_LISTENING",
    `Port ${port} still has listeners after ${timeoutMs}ms: ${describePids(still) || "a process we cannot see"}. ` +
      `Stop ${still.length === 1 ? "it" : "them"} by hand, or retry with a longer --timeout.`,
    { port, pids: still.map((l) => l.pid) },
  );
}
