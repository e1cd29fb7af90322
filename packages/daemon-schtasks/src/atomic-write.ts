// Writing a service file so that Task Scheduler never runs half of it: temp file in the same
// directory, fsync, rename, then the final mode (rename keeps the temp file's mode, and the
// umask may have narrowed it).
import { chmod, mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";

/** Writes `content` to `filePath` atomically with `mode`, creating parent directories. */
export async function writeFileAtomic(filePath: string, content: string, mode: number): Promise<void> {
  await mkdir(path.dirname(filePath), { recursive: true });
  const tmp = `${filePath}.${process.pid}.${Date.now().toString(36)}.tmp`;
  const handle = await open(tmp, "w", mode);
  try {
    await handle.writeFile(content, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await chmod(tmp, mode);
    await rename(tmp, filePath);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
