// The fallback when Task Scheduler refuses us: a tiny `.cmd` in the user's Startup folder
// that starts the task script through the hidden launcher at logon, as the task does (no
// console window stays open; the `.cmd` itself returns at once). Pure.
import path from "node:path";
import { CRLF, TASK_SCRIPT_MARKER } from "./task-script.js";
import { quoteCmdPath } from "./cmd-escape.js";
import { HIDDEN_LAUNCHER_HOST } from "./hidden-launcher.js";

/** `%APPDATA%\Microsoft\Windows\Start Menu\Programs\Startup`, from the given environment. */
export function startupFolder(env: NodeJS.ProcessEnv, home: string): string {
  const appData = env.APPDATA ?? path.join(home, "AppData", "Roaming");
  return path.join(appData, "Microsoft", "Windows", "Start Menu", "Programs", "Startup");
}

/** The launcher script: runs `wscript //B //Nologo <hiddenLauncherPath>` and returns. */
export function renderStartupLauncher(hiddenLauncherPath: string): string {
  return [
    "@echo off",
    `rem ${TASK_SCRIPT_MARKER} (Startup-folder launcher)`,
    "chcp 65001 >nul",
    `start "" ${HIDDEN_LAUNCHER_HOST} //B //Nologo ${quoteCmdPath(hiddenLauncherPath, "The hidden launcher path")}`,
    "",
  ].join(CRLF);
}
