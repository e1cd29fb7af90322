// What a spec must satisfy before anything is written for Task Scheduler.
import { type ServiceSpec, ServiceError, assertNoSecrets } from "@clawd/daemon";
import path from "node:path";

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
