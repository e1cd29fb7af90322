// The Startup-folder fallback's process: the task script started hidden through the
// launcher (as the task does); a window left by an older install is found by its title.
import { type CommandRunner, ServiceError, commandOutputText } from "@clawd/daemon";
import { HIDDEN_LAUNCHER_HOST } from "./hidden-launcher.js";
import { isNothingToKill } from "./schtasks-output.js";

/** Starts the task script hidden through `hiddenLauncherPath`, as the Startup launcher does. */
export async function startHidden(run: CommandRunner, hiddenLauncherPath: string): Promise<void> {
  const result = await run(HIDDEN_LAUNCHER_HOST, ["//B", "//Nologo", hiddenLauncherPath]);
  if (result.code !== 0) throw new ServiceError(`Starting ${hiddenLauncherPath} failed: ${commandOutputText(result)}`);
}

/** Ends a Startup-folder instance by its window title (cmd may append " - <command>"). */
export async function killWindow(run: CommandRunner, title: string): Promise<void> {
  const result = await run("taskkill", ["/F", "/T", "/FI", `WINDOWTITLE eq ${title}*`]);
  if (result.code === 0 || isNothingToKill(result)) return;
  throw new ServiceError(`taskkill failed: ${commandOutputText(result)}`);
}
