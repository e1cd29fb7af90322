// The spec as the LaunchAgent will carry it: checked, with default log files and PATH.
import path from "node:path";
import { DARWIN_PATH_DIRS, type ServiceSpec, ServiceError, assertNoSecrets } from "@clawd/daemon";

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
