export type {
  CreateService,
  DaemonService,
  InstallResult,
  LegacyService,
  PlatformServiceOptions,
  RuntimeState,
  ServiceSpec,
  ServiceStatus,
  AutoRestart,
  UninstallResult,
} from "./service.js";
export { defaultCommandHint, ServiceError } from "./service.js";
export type { CommandResult, CommandRunner, RunOptions } from "./runner.js";
export { COMMAND_TIMEOUT_MS, createCommandRunner } from "./runner.js";
export type { NodePathInfo, ResolveNodePathOptions } from "./node-path.js";
export { detectVersionManager, resolveNodePath, systemNodeCandidates, VERSION_MANAGER_MARKERS } from "./node-path.js";
export type { StableNodeOptions, StableNodePath } from "./stable-node-path.js";
export { stableNodeCandidates, stableNodePath } from "./stable-node-path.js";
export type { MinimalPathOptions } from "./minimal-path.js";
export { buildMinimalPath, DARWIN_PATH_DIRS, LINUX_HOME_PATH_DIRS, POSIX_SYSTEM_PATH_DIRS } from "./minimal-path.js";
export { formatPosixCommand, quotePosixArg, quoteWindowsArg } from "./argv-quote.js";
export { writeFileAtomic } from "./atomic-write.js";
export { readTextIfExists } from "./read-text-if-exists.js";
export type { IsOwnedText, OwnedFileRemoval } from "./owned-file.js";
export { assertReplaceable, removeOwnedFile } from "./owned-file.js";
export { SECRET_ENV_KEY, SECRET_FLAGS, assertNoSecrets } from "./secret-guard.js";
export { commandOutputText } from "./command-output.js";
export type { AppendedLogCap, AppendedLogFs, RotatingLog, RotatingLogFs } from "./rotating-log.js";
export { LOG_KEEP_FILES, LOG_MAX_BYTES, capAppendedFile, createRotatingLog, rotateInPlace } from "./rotating-log.js";
export type { RestartDecision, RestartLimits } from "./restart-policy.js";
export { DEFAULT_RESTART_LIMITS, decideRestart } from "./restart-policy.js";
export type { SupervisorScriptOptions } from "./supervisor-script.js";
export {
  STOP_MARKER_NAME,
  STOP_MARKER_POLL_MS,
  SUPERVISOR_BRAKE_EXIT_CODE,
  SUPERVISOR_MARKER,
  SUPERVISOR_PID_NAME,
  SUPERVISOR_SCRIPT_NAME,
  renderSupervisorScript,
} from "./supervisor-script.js";
export { unwrapSupervisor, wrapWithSupervisor } from "./supervised-spec.js";
