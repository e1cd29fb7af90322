// A `kill -9` between creating the temp file and renaming it over the config leaves
// `clawd.json.<pid>.<8 hex>.tmp` behind (the config itself stays intact: the rename is
// atomic). The next write removes such files: only names of our own pattern for that very
// file, only regular files, only older than STALE_TEMP_FILE_AGE_MS (a live writer may be
// between open and rename right now).
import { lstat, readdir, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** A temp file this much older than now (by mtime) is no longer being written: ms. */
export const STALE_TEMP_FILE_AGE_MS = 5_000;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The names writeFileAtomic (@clawd/daemon) gives temp files for `file`: `<name>.<pid>.<8 hex>.tmp`. */
export function tempFilePattern(file: string): RegExp {
  return new RegExp(`^${escapeRegExp(basename(file))}\\.\\d+\\.[0-9a-f]{8}\\.tmp$`);
}

/**
 * Removes stale temp files an interrupted write of `file` left next to it, so kills do not
 * pile them up; returns the paths removed. Best effort: a file it cannot stat or remove is skipped.
 */
export async function removeStaleTempFiles(file: string, options: { olderThanMs?: number; now?: number } = {}): Promise<string[]> {
  const olderThanMs = options.olderThanMs ?? STALE_TEMP_FILE_AGE_MS;
  const now = options.now ?? Date.now();
  const dir = dirname(file);
  const pattern = tempFilePattern(file);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!pattern.test(name)) continue;
    const path = join(dir, name);
    try {
      const stat = await lstat(path);
      if (!stat.isFile() || now - stat.mtimeMs < olderThanMs) continue;
      await unlink(path);
      removed.push(path);
    } catch {
      // gone already (another writer cleaned it) or not ours to remove: leave it
    }
  }
  return removed;
}
