// The task definition we register with `schtasks /Create /XML`. Defaults of `/SC ONLOGON`
// stop the task after 72 hours and never start it on battery; `/SC ONLOGON` also needs admin
// rights. A logon trigger for the current user only, with limited rights, can be created by a
// standard user. Element names and order follow Microsoft's Task Scheduler schema (v1.2). Pure.
import { ServiceError } from "@clawd/daemon";
import { encodeUtf16Bom } from "./utf16-file.js";

/** Task Scheduler's namespace for task XML. */
export const TASK_XML_NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task";
/** Pause before Task Scheduler restarts a failed task (ISO 8601; the schema's minimum is PT1M). */
export const TASK_RESTART_INTERVAL = "PT1M";
/** How many times Task Scheduler restarts a failed task before giving up (the crash-loop brake). */
export const TASK_RESTART_COUNT = 3;
/** PT0S: no execution time limit (the default would end the gateway after 72 hours). */
export const TASK_EXECUTION_TIME_LIMIT = "PT0S";

/** What the task runs and for whom. */
export interface TaskXmlOptions {
  description: string;
  /** `DOMAIN\user` (or `user`) whose logon starts the task and whose token runs it. */
  userId: string;
  /** The program the task runs (our `.cmd` script or launcher). */
  command: string;
  arguments?: string;
  workingDirectory?: string;
  /** Overrides TASK_RESTART_COUNT / TASK_RESTART_INTERVAL. */
  restartCount?: number;
  restartInterval?: string;
}

/** Escapes text for XML element content. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[ch]!);
}

function assertXmlText(text: string, what: string): void {
  // XML 1.0 cannot carry most control characters at all.
  if (/[\0-\x08\x0b\x0c\x0e-\x1f]/.test(text)) throw new ServiceError(`${what} contains a control character that task XML cannot carry.`);
}

/** Renders the task XML (as text; `encodeTaskXml` makes the UTF-16 file schtasks reads). */
export function renderTaskXml(options: TaskXmlOptions): string {
  const restartCount = options.restartCount ?? TASK_RESTART_COUNT;
  if (!Number.isInteger(restartCount) || restartCount < 1 || restartCount > 255) {
    throw new ServiceError(`restartCount must be an integer from 1 to 255, got ${restartCount}.`);
  }
  if (options.userId.trim() === "") {
    throw new ServiceError("The task needs the user it runs for (USERNAME is not set).", ["Run the install from your own Windows session."]);
  }
  for (const [what, text] of Object.entries(options)) if (typeof text === "string") assertXmlText(text, what);
  const e = escapeXml;
  const optional = (tag: string, value: string | undefined) => (value ? [`      <${tag}>${e(value)}</${tag}>`] : []);
  return [
    '<?xml version="1.0" encoding="UTF-16"?>',
    `<Task version="1.2" xmlns="${TASK_XML_NAMESPACE}">`,
    "  <RegistrationInfo>",
    `    <Description>${e(options.description)}</Description>`,
    "  </RegistrationInfo>",
    "  <Triggers>",
    "    <LogonTrigger>",
    "      <Enabled>true</Enabled>",
    `      <UserId>${e(options.userId)}</UserId>`,
    "    </LogonTrigger>",
    "  </Triggers>",
    "  <Principals>",
    '    <Principal id="Author">',
    `      <UserId>${e(options.userId)}</UserId>`,
    "      <LogonType>InteractiveToken</LogonType>",
    "      <RunLevel>LeastPrivilege</RunLevel>",
    "    </Principal>",
    "  </Principals>",
    "  <Settings>",
    "    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>",
    "    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>",
    "    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>",
    "    <AllowHardTerminate>true</AllowHardTerminate>",
    "    <StartWhenAvailable>false</StartWhenAvailable>",
    "    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>",
    "    <IdleSettings>",
    "      <StopOnIdleEnd>false</StopOnIdleEnd>",
    "      <RestartOnIdle>false</RestartOnIdle>",
    "    </IdleSettings>",
    "    <AllowStartOnDemand>true</AllowStartOnDemand>",
    "    <Enabled>true</Enabled>",
    "    <Hidden>false</Hidden>",
    "    <RunOnlyIfIdle>false</RunOnlyIfIdle>",
    "    <WakeToRun>false</WakeToRun>",
    `    <ExecutionTimeLimit>${TASK_EXECUTION_TIME_LIMIT}</ExecutionTimeLimit>`,
    "    <Priority>7</Priority>",
    "    <RestartOnFailure>",
    `      <Interval>${e(options.restartInterval ?? TASK_RESTART_INTERVAL)}</Interval>`,
    `      <Count>${restartCount}</Count>`,
    "    </RestartOnFailure>",
    "  </Settings>",
    '  <Actions Context="Author">',
    "    <Exec>",
    `      <Command>${e(options.command)}</Command>`,
    ...optional("Arguments", options.arguments),
    ...optional("WorkingDirectory", options.workingDirectory),
    "    </Exec>",
    "  </Actions>",
    "</Task>",
    "",
  ].join("\r\n");
}

/** The bytes schtasks /XML reads: UTF-16LE with a byte-order mark, as Task Scheduler exports. */
export function encodeTaskXml(xml: string): Uint8Array {
  return encodeUtf16Bom(xml);
}

/** The user a logon trigger names: `USERDOMAIN\USERNAME`, or USERNAME alone. */
export function currentTaskUser(env: NodeJS.ProcessEnv): string {
  const user = env.USERNAME ?? "";
  return env.USERDOMAIN && user ? `${env.USERDOMAIN}\\${user}` : user;
}
