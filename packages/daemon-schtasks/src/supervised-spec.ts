// The task script runs `node <supervisor> <gateway argv…>`; the spec callers see is the
// gateway's own argv (pure), and reading an installed script back into it.
import { type ServiceSpec, ServiceError, readTextIfExists } from "@clawd/daemon";
import { parseTaskScript } from "./task-script.js";

/**
 * The spec whose command runs `spec` under the supervisor script (same node binary). The
 * supervisor writes the logs itself (rotating), so the script no longer redirects into them:
 * `node <supervisor> [--stdout <log>] [--stderr <log>] -- <gateway argv…>`.
 */
export function wrapWithSupervisor<T extends Pick<ServiceSpec, "programArguments" | "stdoutPath" | "stderrPath">>(spec: T, supervisorPath: string): T {
  const [program] = spec.programArguments;
  if (program === undefined) return spec;
  const logs = [...(spec.stdoutPath ? ["--stdout", spec.stdoutPath] : []), ...(spec.stderrPath ?? spec.stdoutPath ? ["--stderr", (spec.stderrPath ?? spec.stdoutPath)!] : [])];
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
