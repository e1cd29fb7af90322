// Reading `systemctl --user show <unit> -p …` output into a ServiceStatus. Pure.
import { constants } from "node:os";
import type { AutoRestart, RuntimeState, ServiceStatus } from "@clawd/daemon";

/** The properties `status` asks systemctl for. */
export const STATUS_PROPERTIES = [
  "LoadState",
  "ActiveState",
  "SubState",
  "MainPID",
  "ExecMainStatus",
  "ExecMainCode",
  "UnitFileState",
  "Result",
  "NRestarts",
  "RestartUSec",
  "StateChangeTimestampMonotonic",
] as const;

const DURATION_UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses systemd's duration text (`5s`, `100ms`, `1min 30s`) into milliseconds; undefined when unreadable. */
export function parseSystemdDurationMs(text: string | undefined): number | undefined {
  if (!text) return undefined;
  let total = 0;
  const parts = text.trim().split(/\s+/);
  for (const part of parts) {
    const match = /^(\d+(?:\.\d+)?)(us|ms|s|min|h|d)$/.exec(part);
    if (!match) return undefined;
    total += Number(match[1]) * (DURATION_UNIT_MS[match[2] as string] as number);
  }
  return total;
}

/** The pending auto-restart, from RestartUSec minus the time spent in `auto-restart` so far. */
function autoRestart(props: Record<string, string>, nowMonotonicUs: number | undefined): AutoRestart {
  const delayMs = parseSystemdDurationMs(props.RestartUSec);
  const since = Number(props.StateChangeTimestampMonotonic);
  const restarts = Number(props.NRestarts);
  let inMs: number | undefined;
  if (delayMs !== undefined && nowMonotonicUs !== undefined && Number.isFinite(since) && since > 0) {
    inMs = Math.max(0, Math.round(delayMs - (nowMonotonicUs - since) / 1000));
  } else inMs = delayMs;
  return { inMs, restarts: Number.isInteger(restarts) && restarts >= 0 ? restarts : undefined };
}

/** Parses `Key=Value` lines (value may contain `=`); later duplicates win. */
export function parseSystemctlShow(text: string): Record<string, string> {
  const props: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    props[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return props;
}

// siginfo si_code values systemd reports as ExecMainCode (CLD_EXITED, CLD_KILLED, CLD_DUMPED).
const CLD_EXITED = 1;
const CLD_KILLED = 2;
const CLD_DUMPED = 3;

function signalName(signal: number): string | undefined {
  return Object.entries(constants.signals).find(([, n]) => n === signal)?.[0];
}

/** Describes how the main process last ended (`exited with status 1`, `killed by SIGKILL`). */
export function describeExit(code: number, status: number): string | undefined {
  if (code === CLD_EXITED) return `exited with status ${status}`;
  if (code === CLD_KILLED || code === CLD_DUMPED) {
    const name = signalName(status) ?? `signal ${status}`;
    return code === CLD_KILLED ? `killed by ${name}` : `dumped core on ${name}`;
  }
  return undefined;
}

function runtimeState(active: string | undefined, sub: string | undefined, pid: number | undefined): RuntimeState {
  if (active === "active" || active === "reloading") return "running";
  // activating/auto-restart: the process is gone and systemd waits RestartSec before the next try.
  if (active === "activating" || active === "deactivating") return pid && sub !== "auto-restart" ? "running" : "stopped";
  if (active === "inactive" || active === "failed") return "stopped";
  return "unknown";
}

/**
 * Turns show properties into a ServiceStatus; `installed` says whether our unit file exists,
 * `nowMonotonicUs` (CLOCK_MONOTONIC, as systemd's *Monotonic stamps) dates a pending auto-restart.
 */
export function toServiceStatus(props: Record<string, string>, installed: boolean, nowMonotonicUs?: number): ServiceStatus {
  const unitFileState = props.UnitFileState || undefined;
  const notFound = props.LoadState === "not-found";
  const loaded = !notFound && unitFileState === "enabled";
  const mainPid = Number(props.MainPID);
  const pid = Number.isInteger(mainPid) && mainPid > 0 ? mainPid : undefined;
  const state = notFound ? "stopped" : runtimeState(props.ActiveState, props.SubState, pid);
  const status: ServiceStatus = {
    installed,
    loaded,
    loadedText: loaded ? "enabled" : (unitFileState ?? "disabled"),
    state,
  };
  if (state === "running" && pid) status.pid = pid;
  const exitCode = Number(props.ExecMainCode);
  const exitStatus = Number(props.ExecMainStatus);
  if (exitCode > 0 && Number.isInteger(exitStatus)) {
    status.lastExitStatus = exitStatus;
    const reason = describeExit(exitCode, exitStatus);
    if (reason) status.lastExitReason = reason;
  }
  const details: string[] = [];
  if (notFound) details.push("systemd does not know the unit (not installed or daemon-reload missing)");
  else if (props.ActiveState && (state !== "running" || props.SubState !== "running")) {
    details.push(`${props.ActiveState}/${props.SubState ?? "?"}`);
  }
  if (props.SubState === "auto-restart") {
    details.push("restarting after an exit");
    status.autoRestart = autoRestart(props, nowMonotonicUs);
  }
  if (props.Result && props.Result !== "success") details.push(`result: ${props.Result}`);
  if (details.length > 0) status.detail = details.join("; ");
  return status;
}
