// A service runs `node <supervisor> [--stdout <log>] [--stderr <log>] -- <gateway argv…>`;
// the spec callers see is the gateway's own, with its log files. Pure.
import type { ServiceSpec } from "./service.js";

/**
 * The spec whose command runs `spec` under the supervisor script (same node binary). The
 * supervisor writes the logs itself (rotating), so the service manager no longer appends to
 * them: `node <supervisor> [--stdout <log>] [--stderr <log>] -- <gateway argv…>`.
 */
export function wrapWithSupervisor<T extends Pick<ServiceSpec, "programArguments" | "stdoutPath" | "stderrPath">>(spec: T, supervisorPath: string): T {
  const [program] = spec.programArguments;
  if (program === undefined) return spec;
  const logs = [
    ...(spec.stdoutPath ? ["--stdout", spec.stdoutPath] : []),
    ...((spec.stderrPath ?? spec.stdoutPath) ? ["--stderr", (spec.stderrPath ?? spec.stdoutPath)!] : []),
  ];
  const { stdoutPath: _out, stderrPath: _err, ...rest } = spec;
  return { ...rest, programArguments: [program, supervisorPath, ...logs, "--", ...spec.programArguments] } as T;
}

/** The gateway's spec from a script that runs it under the supervisor (unchanged otherwise). */
export function unwrapSupervisor<T extends Pick<ServiceSpec, "programArguments" | "stdoutPath" | "stderrPath">>(spec: T, supervisorPath: string): T {
  const [, second] = spec.programArguments;
  const same = (a: string, b: string) => a.replaceAll("\\", "/").toLowerCase() === b.replaceAll("\\", "/").toLowerCase();
  if (second === undefined || !same(second, supervisorPath)) return spec;
  const args = spec.programArguments.slice(2);
  const end = args.indexOf("--");
  const options = args.slice(0, Math.max(0, end));
  const option = (name: string) => (options.indexOf(name) >= 0 ? options[options.indexOf(name) + 1] : undefined);
  const unwrapped: T = { ...spec, programArguments: args.slice(end + 1) };
  const stdoutPath = option("--stdout");
  const stderrPath = option("--stderr");
  if (stdoutPath !== undefined) unwrapped.stdoutPath = stdoutPath;
  if (stderrPath !== undefined) unwrapped.stderrPath = stderrPath;
  return unwrapped;
}
