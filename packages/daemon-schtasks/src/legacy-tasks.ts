// The original Clawdbot's gateway tasks (`Clawdbot Gateway`, `Clawdbot Gateway (<profile>)`).
// Left registered, that gateway starts at every logon and competes with ours for the port.
import type { LegacyService } from "@clawd/daemon";

/** Task paths of the original's gateway, in the root folder. */
export const LEGACY_TASK_NAME = /^\\Clawdbot Gateway( \([^)]*\))?$/i;

/** The legacy gateway tasks among `tasks` (paths from the CSV task list), without the leading `\`. */
export function findLegacyTasks(tasks: readonly string[]): string[] {
  return tasks.filter((task) => LEGACY_TASK_NAME.test(task)).map((task) => task.slice(1));
}

/** The commands that remove one legacy task (for the user to run). */
export function legacyTaskRemoveCommand(name: string): string {
  return `schtasks /End /TN "${name}" & schtasks /Delete /F /TN "${name}"`;
}

/** One legacy task as status reports it. */
export function legacyTaskService(name: string): LegacyService {
  return { name, label: "Scheduled Task", removeCommand: legacyTaskRemoveCommand(name) };
}

/** What to tell the user about one legacy task, with the commands that remove it. */
export function legacyTaskHint(name: string): string {
  return `The original Clawdbot's Scheduled Task "${name}" is registered too and competes for the gateway port; remove it: ${legacyTaskRemoveCommand(name)}`;
}
