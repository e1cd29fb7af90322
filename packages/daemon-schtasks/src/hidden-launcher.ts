// The task's action: `wscript.exe //B //Nologo <launcher.vbs>`, which starts the task script
// with window style 0 (hidden), so no console window sits on the user's desktop (closing it
// would end the supervisor). Pure.
import { ServiceError } from "@clawd/daemon";
import { TASK_SCRIPT_MARKER } from "./task-script.js";

/** File name of the hidden launcher in the state directory. */
export const HIDDEN_LAUNCHER_NAME = "gateway-launcher.vbs";
/** Windows Script Host, run by name (System32 is on every PATH). */
export const HIDDEN_LAUNCHER_HOST = "wscript.exe";
/** The task action's program: Task Scheduler expands environment variables in `Command`. */
export const HIDDEN_LAUNCHER_TASK_COMMAND = "%SystemRoot%\\System32\\wscript.exe";

/** The VBScript that runs `scriptPath` hidden and returns at once (WshShell.Run, style 0, no wait). */
export function renderHiddenLauncher(scriptPath: string): string {
  if (/["\r\n\0]/.test(scriptPath)) throw new ServiceError(`The task script path cannot be written to a VBScript string: ${JSON.stringify(scriptPath)}`);
  // VBScript doubles quotes inside a string literal; the outer pair quotes the path for cmd.
  const command = `"""${scriptPath}"""`;
  return [`' ${TASK_SCRIPT_MARKER} (hidden launcher); edits are lost on reinstall`, `CreateObject("WScript.Shell").Run ${command}, 0, False`, ""].join("\r\n");
}

/** The action's arguments: batch mode (no dialogs), no logo, the launcher. */
export function hiddenLauncherArguments(launcherPath: string): string {
  return `//B //Nologo "${launcherPath}"`;
}

/** The path inside a launcher's Run line (what `renderHiddenLauncher` was given), if any. */
export function parseHiddenLauncher(text: string): string | undefined {
  return /\.Run """(.*)""", 0, False/.exec(text)?.[1];
}
