// The Startup-folder fallback's process: the task script in its own minimized console
// window, found again by its title.
import { type CommandRunner, ServiceError, commandOutputText } from "@clawd/daemon";
import { isNothingToKill } from "./schtasks-output.js";

/** Starts `scriptPath` in its own minimized window titled `title`, as the Startup launcher does. */
export async function startWindow(run: CommandRunner, title: string, scriptPath: string): Promise<void> {
  const result = await run("cmd.exe", ["/d", "/c", "start", title, "/min", scriptPath]);
  if (result.code !== 0) throw new ServiceError(`Starting ${scriptPath} failed: ${commandOutputText(result)}`);
}

/** Ends a Startup-folder instance by its window title (cmd may append " - <command>"). */
export async function killWindow(run: CommandRunner, title: string): Promise<void> {
  const result = await run("taskkill", ["/F", "/T", "/FI", `WINDOWTITLE eq ${title}*`]);
  if (result.code === 0 || isNothingToKill(result)) return;
  throw new ServiceError(`taskkill failed: ${commandOutputText(result)}`);
}
