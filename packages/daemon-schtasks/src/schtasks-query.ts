// Reading `schtasks /Query /TN <name> /V /FO LIST`. Status words ("Running", "Wird
// ausgeführt" …) are localized, so the runtime state comes from the Last Run Result code,
// which is a number in every language. English key names are preferred; when they are
// missing (localized output) the code is found by its position after the TaskName line.
import type { RuntimeState } from "@clawd/daemon";

/** Task Scheduler result codes we name (SCHED_S_*, SCHED_E_* and common exit statuses). */
export const TASK_RESULT = {
  READY: 0x41300,
  RUNNING: 0x41301,
  DISABLED: 0x41302,
  HAS_NOT_RUN: 0x41303,
  NO_MORE_RUNS: 0x41304,
  TERMINATED: 0x41306,
  QUEUED: 0x41325,
  ALREADY_RUNNING: 0x8004131f,
  USER_NOT_LOGGED_ON: 0x800704dd,
  CTRL_C_EXIT: 0xc000013a,
} as const;

/** One task as `/Query /V /FO LIST` shows it. */
export interface SchtasksTaskInfo {
  /** Every `Key: Value` line (keys lowercased). */
  keys: Record<string, string>;
  taskName?: string;
  /** The raw Last Run Result text, e.g. `267009` or `0x41301`. */
  lastRunResultText?: string;
  /** The code as an unsigned 32-bit number. */
  lastRunResult?: number;
  lastRunTime?: string;
  /** The command the task runs (`Task To Run`). */
  taskToRun?: string;
  /** The Status column as printed (localized: `Running`, `Bereit`, `Disabled` …). */
  status?: string;
  /** `Scheduled Task State` (`Enabled`/`Disabled`; German `Status der geplanten Aufgabe`). */
  taskState?: string;
}

// Status is the second line after TaskName in every language (Next Run Time, Status).
const STATUS_OFFSET_FROM_TASKNAME = 2;

/** Words for a disabled / an enabled task in the languages we have fixtures for (en, de). */
const DISABLED_WORDS = new Set(["disabled", "deaktiviert"]);
const ENABLED_WORDS = new Set(["enabled", "aktiviert"]);
/** Status words of an enabled task (en, de): Running, Ready, Queued. */
const ENABLED_STATUS_WORDS = new Set(["running", "ready", "queued", "wird ausgeführt", "bereit", "in warteschlange"]);

/**
 * Whether the task is disabled (`schtasks /Change /DISABLE`), from the Scheduled Task State or
 * the Status word; undefined when neither is a word we know (another display language).
 */
export function isTaskDisabled(info: SchtasksTaskInfo): boolean | undefined {
  const state = info.taskState?.toLowerCase();
  if (state !== undefined && DISABLED_WORDS.has(state)) return true;
  if (state !== undefined && ENABLED_WORDS.has(state)) return false;
  const status = info.status?.toLowerCase();
  if (status !== undefined && DISABLED_WORDS.has(status)) return true;
  if (status !== undefined && ENABLED_STATUS_WORDS.has(status)) return false;
  return undefined;
}

/** Whether a run of the task is still going: Last Result 0x41301, a number in every language. */
export function isTaskRunning(info: SchtasksTaskInfo): boolean {
  return info.lastRunResult === TASK_RESULT.RUNNING;
}

// In English output the Last Result line is the fifth after TaskName (Next Run Time, Status,
// Logon Mode, Last Run Time, Last Result); the layout is the same in every language.
const LAST_RESULT_OFFSET_FROM_TASKNAME = 5;

/** Parses `/Query /V /FO LIST` output for the task `taskName` (the first task when omitted). */
export function parseSchtasksQuery(output: string, taskName?: string): SchtasksTaskInfo {
  const entries: Array<[string, string]> = [];
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trimEnd();
    const pair = /^(\S.*?):\s{2,}(.*)$/.exec(line) ?? /^(\S[^:]*):\s*(.*)$/.exec(line);
    if (pair) entries.push([pair[1]!.trim().toLowerCase(), pair[2]!.trim()]);
  }
  const keys = Object.fromEntries(entries);
  const info: SchtasksTaskInfo = { keys };
  const nameIndex = entries.findIndex(([key, value]) => key === "taskname" || (taskName !== undefined && sameTaskName(value, taskName)));
  if (nameIndex >= 0) info.taskName = entries[nameIndex]![1];
  const byKey = keys["last result"] ?? keys["last run result"];
  const byPosition = nameIndex >= 0 ? entries[nameIndex + LAST_RESULT_OFFSET_FROM_TASKNAME]?.[1] : undefined;
  const resultText = byKey ?? (byPosition !== undefined && parseResultCode(byPosition) !== undefined ? byPosition : undefined);
  if (resultText !== undefined) {
    info.lastRunResultText = resultText;
    const code = parseResultCode(resultText);
    if (code !== undefined) info.lastRunResult = code;
  }
  if (keys["last run time"] !== undefined) info.lastRunTime = keys["last run time"];
  if (keys["task to run"] !== undefined) info.taskToRun = keys["task to run"];
  const status = keys.status ?? (nameIndex >= 0 ? entries[nameIndex + STATUS_OFFSET_FROM_TASKNAME]?.[1] : undefined);
  if (status !== undefined) info.status = status;
  const taskState = keys["scheduled task state"] ?? keys["status der geplanten aufgabe"];
  if (taskState !== undefined) info.taskState = taskState;
  return info;
}

function sameTaskName(value: string, name: string): boolean {
  return value.replace(/^\\/, "").toLowerCase() === name.toLowerCase();
}

/** Parses a result code written in decimal (possibly negative) or hex, as unsigned 32-bit. */
export function parseResultCode(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^0x[0-9a-f]{1,8}$/i.test(trimmed)) return Number.parseInt(trimmed.slice(2), 16) >>> 0;
  if (/^-?\d{1,10}$/.test(trimmed)) return Number(trimmed) >>> 0;
  return undefined;
}

/** What a Last Run Result code says about the task's process. */
export interface TaskResultMeaning {
  state: RuntimeState;
  /** The program's exit code, when the code is one. */
  exitStatus?: number;
  reason: string;
}

/** Maps a Last Run Result code to a runtime state and a human reason. */
export function describeTaskResult(code: number): TaskResultMeaning {
  const hex = `0x${code.toString(16).toUpperCase()}`;
  switch (code) {
    case TASK_RESULT.RUNNING:
      return { state: "running", reason: "running" };
    case TASK_RESULT.ALREADY_RUNNING:
      return { state: "running", reason: "an instance is already running" };
    case TASK_RESULT.QUEUED:
      return { state: "unknown", reason: "queued to start" };
    case TASK_RESULT.READY:
      return { state: "stopped", reason: "ready to run" };
    case TASK_RESULT.HAS_NOT_RUN:
      return { state: "stopped", reason: "has not run yet" };
    case TASK_RESULT.DISABLED:
      return { state: "stopped", reason: "the task is disabled" };
    case TASK_RESULT.NO_MORE_RUNS:
      return { state: "stopped", reason: "no more runs scheduled" };
    case TASK_RESULT.TERMINATED:
      return { state: "stopped", reason: "terminated by the user (schtasks /End)" };
    case TASK_RESULT.USER_NOT_LOGGED_ON:
      return { state: "stopped", reason: "the user is not logged on" };
    case TASK_RESULT.CTRL_C_EXIT:
      return { state: "stopped", exitStatus: code, reason: `killed by Ctrl+C or closing its window (${hex})` };
    default:
      // Small values are the program's own exit code; large ones are HRESULT/NTSTATUS codes.
      if (code < 0x10000) return { state: "stopped", exitStatus: code, reason: `exited with code ${code}` };
      return { state: "stopped", exitStatus: code, reason: `ended with ${hex}` };
  }
}
