// Outputs shaped like Windows 11's schtasks (English and German), for the parser and the fake schtasks.
import type { FakeBehaviour, FakeRule } from "@clawd/test-kit/fake-bin";
import { MESSAGES, queryListGerman, taskListCsv } from "./schtasks-recorded.js";

/** What one `/Query /TN <name> /V /FO LIST` shows. */
export interface QueryListOptions {
  /** Last Result as printed (decimal); default 267009 (0x41301, running). */
  lastResult?: string;
  /** The Status column: Running, Ready, Disabled; default Running. */
  status?: string;
  /** Scheduled Task State: Enabled or Disabled; default Enabled. */
  taskState?: string;
}

/** `schtasks /Query /TN <name> /V /FO LIST` for a registered ONLOGON task. */
export function queryList(name: string, options: QueryListOptions = {}): string {
  return [
    "",
    "Folder: \\",
    "HostName:                             DESKTOP-1",
    `TaskName:                             \\${name}`,
    "Next Run Time:                        N/A",
    `Status:                               ${options.status ?? "Running"}`,
    "Logon Mode:                           Interactive only",
    "Last Run Time:                        11/24/2025 9:00:01 AM",
    `Last Result:                          ${options.lastResult ?? "267009"}`,
    "Author:                               DESKTOP-1\\me",
    'Task To Run:                          "C:\\Users\\me\\.clawd\\gateway.cmd"',
    "Start In:                             N/A",
    "Comment:                              N/A",
    `Scheduled Task State:                 ${options.taskState ?? "Enabled"}`,
    "Run As User:                          me",
    "Stop Task If Runs X Hours and X Mins: 72:00:00",
    "Schedule Type:                        At logon time",
    "Repeat: Every:                        N/A",
    "",
  ].join("\r\n");
}

/** Not a schtasks command: the fake's way for a test to fire the task's logon trigger (a user logs on). */
export const FAKE_LOGON_TRIGGER = "--fake-logon-trigger";

/** What a fake schtasks models beyond one registered task. */
export interface SchtasksFakeOptions {
  /** Policy forbids creating any task (the Startup-folder fallback). */
  createDenied?: boolean;
  /** The user is an administrator: `/SC ONLOGON` is allowed (it is denied otherwise). */
  admin?: boolean;
  /**
   * The real process the task's script starts (e.g. a node listening on a port). `/Run`
   * spawns it; `/End` ends only the task (cmd.exe) and leaves it running, as on Windows;
   * `/Run` while it runs is accepted and ignored (MultipleInstancesPolicy IgnoreNew).
   */
  gateway?: string[];
  /** Other tasks in the task list (e.g. the original Clawdbot's). */
  otherTasks?: string[];
  /** Display language of the messages (default English). */
  language?: "en" | "de";
  /**
   * After `/End` the task goes on reporting Running for this many `/Query /V` calls (its
   * run is still ending), and ignores `/Run` meanwhile, exit 0 (IgnoreNew); default 3.
   */
  endingQueries?: number;
}

/**
 * A stateful fake schtasks for one task: /Create registers (from /XML; /SC ONLOGON only for
 * admins) enabled, /Run starts (a disabled task refuses: `ERROR: The task is disabled.`,
 * exit 1), /End stops (`ERROR: The task … is not running` when it was not) but the task
 * reports Running for `endingQueries` more queries, /Change /DISABLE and /ENABLE switch the
 * task (a disabled task's logon trigger does not fire), /Delete unregisters.
 */
export function schtasksBehaviour(name: string, options: SchtasksFakeOptions = {}): FakeBehaviour {
  const de = options.language === "de";
  const say = MESSAGES[de ? "de" : "en"];
  const ending = options.endingQueries ?? 3;
  const created = de
    ? `ERFOLGREICH: Die geplante Aufgabe "${name}" wurde erfolgreich erstellt.\r\n`
    : `SUCCESS: The scheduled task "${name}" has successfully been created.\r\n`;
  const attempted = de
    ? `ERFOLGREICH: Es wurde versucht, die geplante Aufgabe "${name}" auszuführen.\r\n`
    : `SUCCESS: Attempted to run the scheduled task "${name}".\r\n`;
  const changed = de
    ? `ERFOLGREICH: Die Parameter der geplanten Aufgabe "${name}" wurden geändert.\r\n`
    : `SUCCESS: The parameters of scheduled task "${name}" have been changed.\r\n`;
  const terminated = de ? `ERFOLGREICH: Die geplante Aufgabe "${name}" wurde beendet.\r\n` : `SUCCESS: The scheduled task "${name}" was terminated.\r\n`;
  const list = (o: QueryListOptions) => (de ? queryListGerman(name, o) : queryList(name, o));
  const word = de
    ? { running: "Wird ausgeführt", ready: "Bereit", disabled: "Deaktiviert", enabled: "Aktiviert" }
    : { running: "Running", ready: "Ready", disabled: "Disabled", enabled: "Enabled" };
  const denied = { stderr: say.denied, code: 1 };
  const missing = { stderr: say.missing, code: 1 };
  const start: FakeRule = options.gateway
    ? { argv: [], when: { registered: "1" }, stdout: attempted, set: { running: "1", ended: null }, spawn: { argv: options.gateway, pidKey: "gatewayPid" } }
    : { argv: [], when: { registered: "1" }, stdout: attempted, set: { running: "1", ended: null } };
  const endingSteps = Array.from({ length: ending }, (_, i) => String(ending - i)); // "3", "2", "1"
  const queryV = ["/Query", "/TN", name, "/V", "/FO", "LIST"];
  const runningAlive = options.gateway ? { whenAlive: { gatewayPid: true } } : {};
  return {
    ignoreCase: true,
    rules: [
      options.createDenied
        ? { argv: ["/Create", "**"], ...denied }
        : { argv: ["/Create", "/F", "/TN", name, "/XML", "*"], stdout: created, set: { registered: "1", disabled: null } },
      options.admin ? { argv: ["/Create", "**"], stdout: created, set: { registered: "1", disabled: null } } : { argv: ["/Create", "**"], ...denied },
      { argv: ["/Query", "/FO", "CSV", "/NH"], when: { registered: "1" }, stdout: taskListCsv([name, ...(options.otherTasks ?? [])]) },
      { argv: ["/Query", "/FO", "CSV", "/NH"], stdout: taskListCsv(options.otherTasks ?? []) },
      { argv: ["/Query", "/TN", name], when: { registered: "1" }, stdout: `Folder: \\\r\nTaskName  Next Run Time  Status\r\n${name}  N/A  ${word.ready}\r\n` },
      // The run is still ending: Running (0x41301), whatever the enabled state, for a few more looks.
      ...endingSteps.map((step, i) => ({
        argv: queryV,
        when: { registered: "1", ending: step },
        stdout: list({ status: word.running, lastResult: "267009" }),
        set: i === endingSteps.length - 1 ? { ending: null, ended: "1" } : { ending: endingSteps[i + 1]! },
      })),
      // Running while the run's process lives (with a gateway: the spawned supervisor).
      { argv: queryV, when: { registered: "1", running: "1" }, ...runningAlive, stdout: list({ status: word.running }) },
      {
        argv: queryV,
        when: { registered: "1", disabled: "1", ended: "1" },
        stdout: list({ lastResult: "267014", status: word.disabled, taskState: word.disabled }),
      },
      { argv: queryV, when: { registered: "1", disabled: "1" }, stdout: list({ lastResult: "267011", status: word.disabled, taskState: word.disabled }) },
      { argv: queryV, when: { registered: "1", ended: "1" }, stdout: list({ lastResult: "267014", status: word.ready }) },
      { argv: queryV, when: { registered: "1" }, stdout: list({ lastResult: "267011", status: word.ready }) },
      { argv: ["/Query", "**"], ...missing },
      // /Run: a disabled task refuses; while the old run ends or runs, IgnoreNew drops it (exit 0).
      { argv: ["/Run", "/TN", name], when: { registered: "1", disabled: "1" }, stderr: say.disabled, code: 1 },
      ...endingSteps.map((step) => ({ argv: ["/Run", "/TN", name], when: { registered: "1", ending: step }, stdout: attempted })),
      { argv: ["/Run", "/TN", name], when: { registered: "1", running: "1" }, ...runningAlive, stdout: attempted },
      { ...start, argv: ["/Run", "/TN", name] },
      // The logon trigger: fires only for an enabled task, and not while a run is alive.
      { argv: [FAKE_LOGON_TRIGGER], when: { registered: "1", disabled: "1" } },
      { argv: [FAKE_LOGON_TRIGGER], when: { registered: "1", running: "1" }, ...runningAlive },
      { ...start, argv: [FAKE_LOGON_TRIGGER], stdout: "" },
      { argv: [FAKE_LOGON_TRIGGER] },
      {
        argv: ["/End", "/TN", name],
        when: { running: "1" },
        stdout: terminated,
        set: ending > 0 ? { running: null, ending: endingSteps[0]! } : { running: null, ended: "1" },
      },
      ...endingSteps.map((step) => ({ argv: ["/End", "/TN", name], when: { registered: "1", ending: step }, stdout: terminated })),
      { argv: ["/End", "/TN", name], when: { registered: "1" }, stderr: say.notRunning(name), code: 1 },
      { argv: ["/Change", "/TN", name, "/DISABLE"], when: { registered: "1" }, stdout: changed, set: { disabled: "1" } },
      { argv: ["/Change", "/TN", name, "/ENABLE"], when: { registered: "1" }, stdout: changed, set: { disabled: null } },
      {
        argv: ["/Delete", "/F", "/TN", name],
        when: { registered: "1" },
        stdout: `SUCCESS: The scheduled task "${name}" was successfully deleted.\r\n`,
        set: { registered: null, running: null, ending: null, disabled: null },
      },
      { argv: ["**"], ...missing },
    ],
  };
}

/** A fake taskkill that really ends the process tree of `/PID <pid>`, and answers as Windows does. */
export function taskkillBehaviour(): FakeBehaviour {
  return {
    ignoreCase: true,
    rules: [
      { argv: ["/F", "/T", "/PID", "*"], whenArgAlive: { index: 3, alive: false }, stderr: 'ERROR: The process "{arg3}" not found.\r\n', code: 128 },
      { argv: ["/F", "/T", "/PID", "*"], killArg: 3, stdout: "SUCCESS: The process with PID {arg3} (child process of PID 1) has been terminated.\r\n" },
      { argv: ["**"], stdout: "INFO: No tasks running with the specified criteria.\r\n" },
    ],
  };
}
