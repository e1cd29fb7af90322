// Reading and atomically replacing the unit file on disk.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** Where systemd looks for a user's own units. */
export function userUnitDir(home: string): string {
  return path.posix.join(home.replaceAll("\\", "/"), ".config", "systemd", "user");
}

/** Reads a file, or null when it does not exist. */
export async function readTextIfExists(filePath: string): Promise<string | null> {
  try {
    return await readFile(filePath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Writes via a temp file in the same directory and a rename, so systemd never reads half a unit. */
export async function writeFileAtomic(filePath: string, text: string, mode = 0o644): Promise<void> {
  await mkdir(path.dirname(filePath), { recursive: true });
  const temp = `${filePath}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temp, text, { mode });
    await rename(temp, filePath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
