// cmd.exe reads at most 8,191 characters per line; a longer `set "PATH=…"` line (the whole
// shell Path of a developer machine easily is) fails with "The input line is too long" and
// the gateway never starts. A Path is shortened to the entries that fit, in order. Pure.
import { ServiceError } from "@clawd/daemon";
import { formatCmdSet } from "./cmd-escape.js";

/** The longest line cmd.exe accepts, in characters. */
export const CMD_LINE_MAX_CHARS = 8191;

/** A `;`-separated value cut to what fits on one `set` line, and the entries left out. */
export interface FittedPath {
  value: string;
  dropped: string[];
}

/** Keeps `value`'s entries, in order, while `set "KEY=…"` stays within `maxChars`. */
export function fitPathValue(key: string, value: string, maxChars = CMD_LINE_MAX_CHARS): FittedPath {
  if (formatCmdSet(key, value).length <= maxChars) return { value, dropped: [] };
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const entry of value.split(";")) {
    if (entry === "") continue;
    if (formatCmdSet(key, [...kept, entry].join(";")).length <= maxChars) kept.push(entry);
    else dropped.push(entry);
  }
  return { value: kept.join(";"), dropped };
}

/** Refuses a script line cmd.exe would not read, saying which and how long. */
export function assertCmdLineFits(line: string, what: string, maxChars = CMD_LINE_MAX_CHARS): void {
  if (line.length > maxChars) {
    throw new ServiceError(`${what} is ${line.length} characters long; cmd.exe reads at most ${maxChars} per line.`, [
      "Use shorter paths (a shorter state directory or install location).",
    ]);
  }
}
