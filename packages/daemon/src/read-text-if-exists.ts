// Service files are optional on disk: "not there" is an answer, not an error.
import { readFile } from "node:fs/promises";

/** Reads a UTF-8 file, or null when it does not exist; other errors (EACCES, EISDIR …) are thrown. */
export async function readTextIfExists(filePath: string): Promise<string | null> {
  try {
    return await readFile(filePath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
