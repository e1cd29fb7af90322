export type {
  CreateService,
  DaemonService,
  InstallResult,
  PlatformServiceOptions,
  RuntimeState,
  ServiceSpec,
  ServiceStatus,
  UninstallResult,
} from "./service.js";
export { ServiceError } from "./service.js";
export type { CommandResult, CommandRunner, RunOptions } from "./runner.js";
export { COMMAND_TIMEOUT_MS, createCommandRunner } from "./runner.js";
