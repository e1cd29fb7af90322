// The spec as the LaunchAgent will carry it: checked, with default log files and PATH.
import path from "node:path";
import { DARWIN_PATH_DIRS, type ServiceSpec, ServiceError, assertNoSecrets, wrapWithSupervisor } from "@clawd/daemon";

/** What launchd itself appends to: only the supervisor's own output when it cannot start at all. */
export const LAUNCHD_LOG_NAME = "gateway.launchd.log";

/** Checks `spec` for the agent `label` and fills in logs under `stateDir` and a PATH. */
export function completeAgentSpec(spec: ServiceSpec, label: string, stateDir: string, plistPath: string): ServiceSpec {
  if (spec.name !== label) {
    throw new ServiceError(`The spec names ${spec.name}, but this service manages ${label}.`);
  }
  const program = spec.programArguments[0];
  if (!program || !path.isAbsolute(program)) {
    throw new ServiceError(`The program must be an absolute path, got ${JSON.stringify(program ?? "")}.`, [
      "launchd does not search PATH; pass the absolute node path first (resolveNodePath in @clawd/daemon).",
    ]);
  }
  assertNoSecrets(spec, plistPath);
  const logs = path.join(stateDir, "logs");
  const stdoutPath = spec.stdoutPath ?? path.join(logs, "gateway.log");
  const stderrPath = spec.stderrPath ?? (spec.stdoutPath ? stdoutPath : path.join(logs, "gateway.err.log"));
  const environment = { ...spec.environment };
  if (!environment.PATH?.trim()) environment.PATH = [path.dirname(program), ...DARWIN_PATH_DIRS].join(":");
  return { ...spec, environment, stdoutPath, stderrPath };
}

/**
 * The agent runs the gateway under the supervisor, which writes the gateway's logs through
 * size-capped rotating files (launchd would append to StandardOutPath forever, a crash loop
 * included); launchd's own StandardOut/ErrorPath get a small file next to them.
 */
export function superviseAgentSpec(spec: ServiceSpec, supervisorPath: string): ServiceSpec {
  const logDir = path.dirname(spec.stderrPath ?? spec.stdoutPath ?? supervisorPath);
  const launchdLog = path.join(logDir, LAUNCHD_LOG_NAME);
  return { ...wrapWithSupervisor(spec, supervisorPath), stdoutPath: launchdLog, stderrPath: launchdLog };
}
