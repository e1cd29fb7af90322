// The gateway process behind a Scheduled Task. `schtasks /End` ends the task's cmd.exe, not
// the node.exe it started, so stopping means: find the listener on the gateway's port, make
// sure it runs our CLI entry, end its process tree, and wait until the port is free. A
// restart is only done when a listener with a different pid answers on the port.
import { readFile } from "node:fs/promises";
import type { CommandResult, ServiceSpec } from "@clawd/daemon";
import type { Listener } from "@clawd/ports";

/** How long stop waits for our listener to go away after taskkill. */
export const GATEWAY_STOP_TIMEOUT_MS = 10_000;
/** How long restart waits for a new listener (a different pid) on the port. */
export const GATEWAY_START_TIMEOUT_MS = 15_000;
/** How long stop and install wait for Task Scheduler to stop reporting the task Running after /End. */
export const TASK_END_TIMEOUT_MS = 10_000;
/** Pause between two looks at the port. */
export const GATEWAY_POLL_INTERVAL_MS = 100;

/** What the service needs to see and end processes; tests run the real lookup on Linux. */
export interface ProcessControl {
  /** Listeners on a TCP port (`findListeners` of @clawd/ports). */
  findListeners(port: number): Promise<Listener[]>;
  /** Ends a process and its children (`taskkill /F /T /PID <pid>`). */
  killTree(pid: number): Promise<CommandResult>;
}

/** The `--port N` (or `--port=N`) the spec passes to the gateway, if any. */
export function gatewayPort(spec: Pick<ServiceSpec, "programArguments"> | null): number | undefined {
  const args = spec?.programArguments ?? [];
  for (let i = 0; i < args.length; i++) {
    const text = args[i] === "--port" ? args[i + 1] : args[i]!.startsWith("--port=") ? args[i]!.slice(7) : undefined;
    if (text !== undefined && /^\d{1,5}$/.test(text) && Number(text) > 0 && Number(text) < 65536) return Number(text);
  }
  return undefined;
}

const normalize = (text: string) => text.replaceAll("\\", "/").toLowerCase();

/**
 * Whether a listener runs our service: its command line names the spec's entry script
 * (`programArguments[1]`), or, when the platform hides command lines, it is the same program.
 */
export function isServiceListener(listener: Listener, spec: Pick<ServiceSpec, "programArguments">): boolean {
  const [program = "", entry] = spec.programArguments;
  if (listener.commandLine !== undefined && listener.commandLine !== "") {
    return entry !== undefined && normalize(listener.commandLine).includes(normalize(entry));
  }
  const base = normalize(program).split("/").pop() ?? "";
  return base !== "" && normalize(listener.command) === base;
}

/** Our listeners' pids and the others' on `port`. */
export async function serviceListeners(control: ProcessControl, port: number, spec: Pick<ServiceSpec, "programArguments">) {
  const listeners = await control.findListeners(port);
  const ours = [...new Set(listeners.filter((l) => isServiceListener(l, spec)).map((l) => l.pid))];
  const others = listeners.filter((l) => !isServiceListener(l, spec));
  return { ours, others };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value or `timeoutMs` passes (then undefined). */
export async function pollFor<T>(check: () => Promise<T | undefined>, timeoutMs: number, intervalMs = GATEWAY_POLL_INTERVAL_MS): Promise<T | undefined> {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - start >= timeoutMs) return undefined;
    await sleep(intervalMs);
  }
}

/** How ending the gateway went: the pids we ended, and those still listening after the wait. */
export interface EndResult {
  ended: number[];
  stillListening: number[];
}

/** Ends every listener of ours on `port` (process tree) and waits until none is left. */
export async function endServiceListeners(
  control: ProcessControl,
  port: number,
  spec: Pick<ServiceSpec, "programArguments">,
  timeoutMs = GATEWAY_STOP_TIMEOUT_MS,
): Promise<EndResult> {
  const ended: number[] = [];
  let last: number[] = [];
  const gone = await pollFor(async () => {
    const { ours } = await serviceListeners(control, port, spec);
    last = ours;
    if (ours.length === 0) return true;
    for (const pid of ours.filter((p) => !ended.includes(p))) {
      await control.killTree(pid);
      ended.push(pid);
    }
    return undefined;
  }, timeoutMs);
  return { ended, stillListening: gone ? [] : last };
}

/** Waits for a listener of ours on `port` whose pid is not in `oldPids`; its pid, or undefined. */
export function waitForNewListener(
  control: ProcessControl,
  port: number,
  spec: Pick<ServiceSpec, "programArguments">,
  oldPids: readonly number[],
  timeoutMs = GATEWAY_START_TIMEOUT_MS,
): Promise<number | undefined> {
  return pollFor(async () => (await serviceListeners(control, port, spec)).ours.find((pid) => !oldPids.includes(pid)), timeoutMs);
}

/** The pid of our gateway listening on the spec's port, if one does (what status reports). */
export async function runningGatewayPid(control: ProcessControl, spec: Pick<ServiceSpec, "programArguments"> | null): Promise<number | undefined> {
  const port = gatewayPort(spec);
  if (port === undefined || spec === null) return undefined;
  return (await serviceListeners(control, port, spec).catch(() => ({ ours: [] as number[] }))).ours[0];
}

/**
 * Waits until the supervisor named in `pidFilePath` has exited (it removes the file on exit),
 * so a new one does not find the old one still running; the stuck pid, or undefined.
 */
export async function waitForSupervisorExit(pidFilePath: string, timeoutMs = GATEWAY_STOP_TIMEOUT_MS): Promise<number | undefined> {
  let pid = 0;
  const gone = await pollFor(async () => {
    const text = await readFile(pidFilePath, "utf8").catch(() => null);
    pid = Number(text?.trim());
    if (text === null || !(pid > 0)) return true;
    try {
      process.kill(pid, 0);
      return undefined;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "EPERM" ? undefined : true;
    }
  }, timeoutMs);
  return gone ? undefined : pid;
}
