// The task script runs `node <supervisor> <gateway argv…>`; the spec callers see is the
// gateway's own argv. Pure.
import type { ServiceSpec } from "@clawd/daemon";

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
