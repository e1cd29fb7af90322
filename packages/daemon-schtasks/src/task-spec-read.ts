// Reading an installed task script back into the gateway's spec (the script runs it under the
// supervisor; unwrapSupervisor in @clawd/daemon undoes that).
import { type ServiceSpec, ServiceError, defaultCommandHint, readTextIfExists, unwrapSupervisor } from "@clawd/daemon";
import { parseTaskScript } from "./task-script.js";

/** Reads our task script back into the gateway's spec; null when there is none. `hint` words the CLI command. */
export async function readTaskSpec(
  scriptPath: string,
  taskName: string,
  supervisorPath: string,
  hint: (command: string) => string = defaultCommandHint,
): Promise<ServiceSpec | null> {
  const text = await readTextIfExists(scriptPath);
  if (text === null) return null;
  try {
    const parsed = parseTaskScript(text);
    return parsed && unwrapSupervisor({ name: taskName, ...parsed }, supervisorPath);
  } catch (error) {
    throw new ServiceError(`Cannot read ${scriptPath}: ${(error as Error).message}`, [`Rewrite it with: ${hint("gateway install --force")}`]);
  }
}
