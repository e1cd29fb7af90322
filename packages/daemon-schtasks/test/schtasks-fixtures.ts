// Outputs shaped like Windows 11's schtasks (English), for the parser and the fake schtasks.
import type { FakeBehaviour } from "@clawd/test-kit/fake-bin";
import { MESSAGES, taskListCsv } from "./schtasks-recorded.js";

/** `schtasks /Query /TN <name> /V /FO LIST` for a registered ONLOGON task. */
export function queryList(name: string, options: { lastResult?: string; status?: string } = {}): string {
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
    "Scheduled Task State:                 Enabled",
    "Run As User:                          me",
    "Stop Task If Runs X Hours and X Mins: 72:00:00",
    "Schedule Type:                        At logon time",
    "Repeat: Every:                        N/A",
    "",
  ].join("\r\n");
}


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
}

/**
 * A stateful fake schtasks for one task: /Create registers (from /XML; /SC ONLOGON only for
 * admins), /Run starts, /End stops (`ERROR: The task is not running` when it was not),
 * /Delete unregisters.
 */
export function schtasksBehaviour(name: string, options: SchtasksFakeOptions = {}): FakeBehaviour {
  const de = options.language === "de";
  const say = MESSAGES[de ? "de" : "en"];
  const created = de ? `ERFOLGREICH: Die geplante Aufgabe "${name}" wurde erfolgreich erstellt.\r\n` : `SUCCESS: The scheduled task "${name}" has successfully been created.\r\n`;
  const attempted = de ? `ERFOLGREICH: Es wurde versucht, die geplante Aufgabe "${name}" auszuführen.\r\n` : `SUCCESS: Attempted to run the scheduled task "${name}".\r\n`;
  const denied = { stderr: say.denied, code: 1 };
  const missing = { stderr: say.missing, code: 1 };
  const run = options.gateway
    ? [
        { argv: ["/Run", "/TN", name], when: { registered: "1", running: "1" }, whenAlive: { gatewayPid: true }, stdout: attempted },
        { argv: ["/Run", "/TN", name], when: { registered: "1" }, stdout: attempted, set: { running: "1", ended: null }, spawn: { argv: options.gateway, pidKey: "gatewayPid" } },
      ]
    : [{ argv: ["/Run", "/TN", name], when: { registered: "1" }, stdout: attempted, set: { running: "1", ended: null } }];
  return {
    ignoreCase: true,
    rules: [
      options.createDenied ? { argv: ["/Create", "**"], ...denied } : { argv: ["/Create", "/F", "/TN", name, "/XML", "*"], stdout: created, set: { registered: "1" } },
      options.admin ? { argv: ["/Create", "**"], stdout: created, set: { registered: "1" } } : { argv: ["/Create", "**"], ...denied },
      { argv: ["/Query", "/FO", "CSV", "/NH"], when: { registered: "1" }, stdout: taskListCsv([name, ...(options.otherTasks ?? [])]) },
      { argv: ["/Query", "/FO", "CSV", "/NH"], stdout: taskListCsv(options.otherTasks ?? []) },
      { argv: ["/Query", "/TN", name], when: { registered: "1" }, stdout: `Folder: \\\r\nTaskName  Next Run Time  Status\r\n${name}  N/A  Ready\r\n` },
      { argv: ["/Query", "/TN", name, "/V", "/FO", "LIST"], when: { registered: "1", running: "1" }, stdout: queryList(name) },
      { argv: ["/Query", "/TN", name, "/V", "/FO", "LIST"], when: { registered: "1", ended: "1" }, stdout: queryList(name, { lastResult: "267014", status: "Ready" }) },
      { argv: ["/Query", "/TN", name, "/V", "/FO", "LIST"], when: { registered: "1" }, stdout: queryList(name, { lastResult: "267011", status: "Ready" }) },
      { argv: ["/Query", "**"], ...missing },
      ...run,
      { argv: ["/End", "/TN", name], when: { running: "1" }, stdout: `SUCCESS: The scheduled task "${name}" was terminated.\r\n`, set: { running: null, ended: "1" } },
      { argv: ["/End", "/TN", name], when: { registered: "1" }, stderr: say.notRunning(name), code: 1 },
      { argv: ["/Delete", "/F", "/TN", name], when: { registered: "1" }, stdout: `SUCCESS: The scheduled task "${name}" was successfully deleted.\r\n`, set: { registered: null, running: null } },
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
