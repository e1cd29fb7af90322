export { TASK_SCRIPT_NAME, createSchtasksService, createService } from "./schtasks-service.js";
export type { SchtasksServiceOptions } from "./schtasks-service.js";
export { CRLF, TASK_SCRIPT_MARKER, hasTaskScriptMarker, parseTaskScript, renderTaskScript } from "./task-script.js";
export type { RenderTaskScriptOptions, TaskScriptSpec } from "./task-script.js";
export {
  CMD_ENV_NAME,
  assertOneLine,
  escapeCmdArg,
  escapeCmdPercent,
  escapeRemText,
  formatCmdCommand,
  formatCmdSet,
  quoteCmdPath,
  unescapeRemText,
} from "./cmd-escape.js";
export { cmdLineToText, parseCmdCommand, parseCmdSet, splitMsvcrtArgs } from "./cmd-parse.js";
export { TASK_RESULT, describeTaskResult, isTaskDisabled, isTaskRunning, parseResultCode, parseSchtasksQuery } from "./schtasks-query.js";
export type { SchtasksTaskInfo, TaskResultMeaning } from "./schtasks-query.js";
export { renderStartupLauncher, startupFolder } from "./startup-launcher.js";
export { LEGACY_TASK_NAME, findLegacyTasks, legacyTaskHint, legacyTaskRemoveCommand, legacyTaskService } from "./legacy-tasks.js";
export { isAccessDenied, isNotRunning, isTaskMissing } from "./schtasks-output.js";
export { hasTask, parseCsvLine, parseTaskListCsv } from "./schtasks-csv.js";

export {
  GATEWAY_POLL_INTERVAL_MS,
  GATEWAY_START_TIMEOUT_MS,
  GATEWAY_STOP_TIMEOUT_MS,
  TASK_END_TIMEOUT_MS,
  endServiceListeners,
  gatewayPort,
  isServiceListener,
  serviceListeners,
  waitForNewListener,
} from "./task-process.js";
export type { EndResult, ProcessControl } from "./task-process.js";
export {
  TASK_EXECUTION_TIME_LIMIT,
  TASK_RESTART_COUNT,
  TASK_RESTART_INTERVAL,
  TASK_XML_NAMESPACE,
  currentTaskUser,
  encodeTaskXml,
  escapeXml,
  renderTaskXml,
} from "./task-xml.js";
export type { TaskXmlOptions } from "./task-xml.js";
export { CMD_LINE_MAX_CHARS, assertCmdLineFits, fitPathValue } from "./cmd-line-limit.js";
export type { FittedPath } from "./cmd-line-limit.js";
export {
  HIDDEN_LAUNCHER_HOST,
  HIDDEN_LAUNCHER_NAME,
  HIDDEN_LAUNCHER_TASK_COMMAND,
  hiddenLauncherArguments,
  parseHiddenLauncher,
  renderHiddenLauncher,
} from "./hidden-launcher.js";
export { decodeUtf16Bom, encodeUtf16Bom } from "./utf16-file.js";
export { runningGatewayPid } from "./task-process.js";
