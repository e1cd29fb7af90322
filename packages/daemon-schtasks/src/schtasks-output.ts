// What schtasks' messages mean. schtasks prints `ERROR: …` on stderr with exit code 1 for
// every failure, so the message is all there is to go on (English wording; see README).
import { type CommandResult, commandOutputText } from "@clawd/daemon";

/** `ERROR: Access is denied.` (policy forbids creating tasks without elevation). */
export function isAccessDenied(result: CommandResult): boolean {
  return /access is denied/i.test(commandOutputText(result));
}

/** `ERROR: The system cannot find the file specified.` — no such task. */
export function isTaskMissing(result: CommandResult): boolean {
  return /cannot find the (file|path) specified|does not exist/i.test(commandOutputText(result));
}

/** `/End` of a task that is not running. */
export function isNotRunning(result: CommandResult): boolean {
  return /not running|is not currently running/i.test(commandOutputText(result));
}

/** taskkill found nothing to kill. */
export function isNothingToKill(result: CommandResult): boolean {
  return result.code === 128 || /no tasks? (are )?running|not found/i.test(commandOutputText(result));
}
