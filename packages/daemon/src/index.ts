export type {
  CreateService,
  DaemonService,
  InstallResult,
  PlatformServiceOptions,
  RuntimeState,
  ServiceSpec,
  ServiceStatus,
  AutoRestart,
  UninstallResult,
} from "./service.js";
export { ServiceError } from "./service.js";
export type { CommandResult, CommandRunner, RunOptions } from "./runner.js";
export { COMMAND_TIMEOUT_MS, createCommandRunner } from "./runner.js";
export type { NodePathInfo, ResolveNodePathOptions } from "./node-path.js";
export { detectVersionManager, resolveNodePath, systemNodeCandidates, VERSION_MANAGER_MARKERS } from "./node-path.js";
export type { MinimalPathOptions } from "./minimal-path.js";
export { buildMinimalPath, DARWIN_PATH_DIRS, LINUX_HOME_PATH_DIRS, POSIX_SYSTEM_PATH_DIRS } from "./minimal-path.js";
export { formatPosixCommand, quotePosixArg, quoteWindowsArg } from "./argv-quote.js";
export { writeFileAtomic } from "./atomic-write.js";
export { readTextIfExists } from "./read-text-if-exists.js";
export type { IsOwnedText, OwnedFileRemoval } from "./owned-file.js";
export { assertReplaceable, removeOwnedFile } from "./owned-file.js";
export { SECRET_ENV_KEY, SECRET_FLAGS, assertNoSecrets } from "./secret-guard.js";
export { commandOutputText } from "./command-output.js";
