// The task script runs `node <supervisor> <gateway argv…>`; the spec callers see is the
// gateway's own argv (pure), and reading an installed script back into it.
import { type ServiceSpec, ServiceError, readTextIfExists } from "@clawd/daemon";
import { parseTaskScript } from "./task-script.js";

/** The spec whose command runs `spec` under the supervisor script (same node binary). */
export function wrapWithSupervisor<T extends Pick<ServiceSpec, "programArguments">>(spec: T, supervisorPath: string): T {
  const [program] = spec.programArguments;
  return program === undefined ? spec : { ...spec, programArguments: [program, supervisorPath, ...spec.programArguments] };
}

/** The gateway's spec from a script that runs it under the supervisor (unchanged otherwise). */
export function unwrapSupervisor<T extends Pick<ServiceSpec, "programArguments">>(spec: T, supervisorPath: string): T {
  const [, second] = spec.programArguments;
  const same = (a: string, b: string) => a.replaceAll("\\", "/").toLowerCase() === b.replaceAll("\\", "/").toLowerCase();
  return second !== undefined && same(second, supervisorPath) ? { ...spec, programArguments: spec.programArguments.slice(2) } : spec;
}

/** Reads our task script back into the gateway's spec; null when there is none. */
export async function readTaskSpec(scriptPath: string, taskName: string, supervisorPath: string): Promise<ServiceSpec | null> {
  const text = await readTextIfExists(scriptPath);
  if (text === null) return null;
  try {
    const parsed = parseTaskScript(text);
    return parsed && unwrapSupervisor({ name: taskName, ...parsed }, supervisorPath);
  } catch (error) {
    throw new ServiceError(`Cannot read ${scriptPath}: ${(error as Error).message}`, ["Rewrite it with: clawd gateway install --force"]);
  }
}
