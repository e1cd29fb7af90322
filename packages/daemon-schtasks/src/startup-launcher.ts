// The fallback when Task Scheduler refuses us: a tiny `.cmd` in the user's Startup folder
// that starts the task script minimized at logon. Pure.
import path from "node:path";
import { CRLF, TASK_SCRIPT_MARKER } from "./task-script.js";
import { quoteCmdPath } from "./cmd-escape.js";

/** `%APPDATA%\Microsoft\Windows\Start Menu\Programs\Startup`, from the given environment. */
export function startupFolder(env: NodeJS.ProcessEnv, home: string): string {
  const appData = env.APPDATA ?? path.join(home, "AppData", "Roaming");
  return path.join(appData, "Microsoft", "Windows", "Start Menu", "Programs", "Startup");
}

/** The launcher script: starts `scriptPath` in its own minimized window titled `title`. */
export function renderStartupLauncher(scriptPath: string, title: string): string {
  return [
    "@echo off",
    `rem ${TASK_SCRIPT_MARKER} (Startup-folder launcher)`,
    "chcp 65001 >nul",
    `start "${title}" /min ${quoteCmdPath(scriptPath, "The task script path")}`,
    "",
  ].join(CRLF);
}
