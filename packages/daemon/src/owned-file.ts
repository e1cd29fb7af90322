// Files we write carry a marker (a comment line); a file without it belongs to someone else.
// We replace such a file only when forced, and never delete it.
import { rm } from "node:fs/promises";
import { readTextIfExists } from "./read-text-if-exists.js";
import { defaultCommandHint, ServiceError } from "./service.js";

/** Tells whether a file's text carries our marker. */
export type IsOwnedText = (text: string) => boolean;

/** Throws a ServiceError when `existing` (the file's text, null when absent) is not ours and `force` is off. Pure; `hint` words the CLI command. */
export function assertReplaceable(
  filePath: string,
  existing: string | null,
  isOurs: IsOwnedText,
  force: boolean,
  hint: (command: string) => string = defaultCommandHint,
): void {
  if (existing === null || isOurs(existing) || force) return;
  throw new ServiceError(`${filePath} exists and was not written by Clawd.`, [`Move it away, or overwrite it with: ${hint("gateway install --force")}`]);
}

/** What `removeOwnedFile` did: the paths it removed and one note per file it found. */
export interface OwnedFileRemoval {
  removed: string[];
  notes: string[];
}

/** Deletes `filePath` only when it carries our marker; a foreign file is left in place with a note. */
export async function removeOwnedFile(filePath: string, isOurs: IsOwnedText, label: string): Promise<OwnedFileRemoval> {
  const text = await readTextIfExists(filePath);
  if (text === null) return { removed: [], notes: [] };
  if (!isOurs(text)) return { removed: [], notes: [`Left ${filePath} in place: it was not written by Clawd.`] };
  await rm(filePath, { force: true });
  return { removed: [filePath], notes: [`Removed ${label}: ${filePath}`] };
}
