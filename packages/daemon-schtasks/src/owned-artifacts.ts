// Removing the files install wrote into the state directory, each only when it carries our
// marker (a file someone else put there stays).
import { readFile, rm } from "node:fs/promises";
import { SUPERVISOR_MARKER } from "@clawd/daemon";
import { TASK_SCRIPT_MARKER } from "./task-script.js";
import { decodeUtf16Bom } from "./utf16-file.js";

/** Removes each of `paths` that exists and carries our marker; returns the removed ones and notes for the others. */
export async function removeOwnedArtifacts(paths: readonly string[]): Promise<{ removed: string[]; notes: string[] }> {
  const removed: string[] = [];
  const notes: string[] = [];
  for (const filePath of paths) {
    const bytes = await readFile(filePath).catch(() => null);
    if (bytes === null) continue;
    const text = decodeUtf16Bom(bytes);
    if (text.includes(TASK_SCRIPT_MARKER) || text.includes(SUPERVISOR_MARKER)) {
      await rm(filePath, { force: true });
      removed.push(filePath);
    } else {
      notes.push(`Left ${filePath} in place: it was not written by Clawd.`);
    }
  }
  return { removed, notes };
}
