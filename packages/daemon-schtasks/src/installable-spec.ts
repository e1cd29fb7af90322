// What a spec must satisfy before anything is written for Task Scheduler.
import { type ServiceSpec, ServiceError, assertNoSecrets } from "@clawd/daemon";
import path from "node:path";
import { CMD_LINE_MAX_CHARS, fitPathValue } from "./cmd-line-limit.js";

/** Refuses a spec for another task, a relative program path, or one carrying secrets. */
export function assertInstallableSpec(spec: ServiceSpec, taskName: string, scriptPath: string): void {
  if (spec.name !== taskName) throw new ServiceError(`The spec names ${spec.name}, but this service manages ${taskName}.`);
  const program = spec.programArguments[0] ?? "";
  if (!path.win32.isAbsolute(program) && !path.isAbsolute(program)) {
    throw new ServiceError(`The program must be an absolute path, got ${JSON.stringify(program)}.`, [
      "Pass the absolute node.exe path first (resolveNodePath in @clawd/daemon).",
    ]);
  }
  assertNoSecrets(spec, scriptPath);
}

/** The spec with its PATH cut to what one cmd.exe line holds, and a note when it was cut. */
export function fitSpecPath(spec: ServiceSpec): { spec: ServiceSpec; notes: string[] } {
  const fitted = fitPathValue("PATH", spec.environment?.PATH ?? "");
  if (fitted.dropped.length === 0) return { spec, notes: [] };
  return {
    spec: { ...spec, environment: { ...spec.environment, PATH: fitted.value } },
    notes: [`PATH was cut to fit cmd.exe's ${CMD_LINE_MAX_CHARS}-character line; left out: ${fitted.dropped.join(";")}`],
  };
}
