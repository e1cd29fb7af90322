// What to quote from a command's outcome in an error message. Pure.
import type { CommandResult } from "./runner.js";

/** The text of a command's output for messages: stderr then stdout, trimmed; else why there is none. */
export function commandOutputText(result: CommandResult): string {
  const text = `${result.stderr}\n${result.stdout}`.trim();
  if (text !== "") return text;
  if (result.error) return result.error.message;
  if (result.timedOut) return "timed out";
  return `exit code ${result.code}`;
}
