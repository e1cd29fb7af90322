// What schtasks' messages mean. schtasks prints `ERROR: …` on stderr with exit code 1 for
// every failure, so the message is all there is to go on (English wording; see README).
import type { CommandResult } from "@clawd/daemon";

/** The text of a command's output, for messages (stderr first, trimmed). */
export function outputText(result: CommandResult): string {
  const text = `${result.stderr}\n${result.stdout}`.trim();
  if (text !== "") return text;
  if (result.error) return result.error.message;
  if (result.timedOut) return "timed out";
  return `exit code ${result.code}`;
}

/** `ERROR: Access is denied.` (policy forbids creating tasks without elevation). */
export function isAccessDenied(result: CommandResult): boolean {
  return /access is denied/i.test(outputText(result));
}

/** `ERROR: The system cannot find the file specified.` — no such task. */
export function isTaskMissing(result: CommandResult): boolean {
  return /cannot find the (file|path) specified|does not exist/i.test(outputText(result));
}

/** `/End` of a task that is not running. */
export function isNotRunning(result: CommandResult): boolean {
  return /not running|is not currently running/i.test(outputText(result));
}

/** taskkill found nothing to kill. */
export function isNothingToKill(result: CommandResult): boolean {
  return result.code === 128 || /no tasks? (are )?running|not found/i.test(outputText(result));
}
