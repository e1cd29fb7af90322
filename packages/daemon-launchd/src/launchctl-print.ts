// Reading `launchctl print gui/<uid>/<label>`. The output is a nested, human-oriented
// dump: the service's own keys sit one level inside the outer `… = {`, while nested blocks
// (`arguments`, `environment`, `endpoints` …) may repeat names such as `state` or `pid`.
// Only the top-level keys are read, so a nested `state = active` can never leak out.
import type { RuntimeState } from "@clawd/daemon";

/** What `launchctl print` says about one service. */
export interface LaunchctlPrintInfo {
  /** Every top-level `key = value` pair (keys lowercased, later duplicates win). */
  keys: Record<string, string>;
  /** `running`, `not running`, `spawn scheduled`, `waiting` … as launchd says it. */
  state?: string;
  pid?: number;
  lastExitStatus?: number;
  lastExitReason?: string;
  /** The plist path launchd loaded the job from. */
  path?: string;
  /** running when launchd says so or reports a pid; stopped for any other state. */
  runtime: RuntimeState;
}

/** Parses `launchctl print` output, reading only the service's top-level keys. */
export function parseLaunchctlPrint(output: string): LaunchctlPrintInfo {
  const lines = output.split(/\r?\n/);
  const hasOuterBlock = lines.some((line) => /=\s*\{\s*$/.test(line) && !/^\s/.test(line));
  const topDepth = hasOuterBlock ? 1 : 0;
  const keys: Record<string, string> = {};
  let depth = 0;
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === "}") {
      depth = Math.max(0, depth - 1);
      continue;
    }
    const pair = /^(.+?)\s+=\s+(.*)$/.exec(trimmed);
    if (trimmed.endsWith("{")) {
      depth++;
      continue;
    }
    if (depth === topDepth && pair) keys[pair[1]!.toLowerCase()] = pair[2]!.trim();
  }

  const info: LaunchctlPrintInfo = { keys, runtime: "unknown" };
  if (keys.state !== undefined) info.state = keys.state;
  if (keys.path !== undefined) info.path = keys.path;
  const pid = integer(keys.pid);
  if (pid !== undefined && pid > 0) info.pid = pid;
  const exit = keys["last exit code"] ?? keys["last exit status"];
  // `78: EX_CONFIG`: the number, then sysexits' name for it.
  const numbered = exit !== undefined ? /^(-?\d+):\s*(.+)$/.exec(exit) : null;
  const exitStatus = numbered ? Number(numbered[1]) : integer(exit);
  if (exitStatus !== undefined) info.lastExitStatus = exitStatus;
  const reason =
    keys["last exit reason"] ??
    keys["last terminating signal"] ??
    numbered?.[2] ??
    (exit !== undefined && exitStatus === undefined ? exit.replace(/^\((.*)\)$/, "$1") : undefined);
  if (reason !== undefined) info.lastExitReason = reason;
  if (info.state?.toLowerCase() === "running" || info.pid !== undefined) info.runtime = "running";
  else if (info.state !== undefined) info.runtime = "stopped";
  return info;
}

function integer(text: string | undefined): number | undefined {
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined;
}
