// Writing a service file so that the service manager never sees half of it: temp file in the
// same directory (so the rename stays on one filesystem), fsync, explicit mode, rename. The
// chmod matters because the umask may have narrowed the mode given to open, and rename keeps
// the temp file's mode.
import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";

/** Writes `content` to `filePath` atomically with exactly `mode`, creating parent directories. */
export async function writeFileAtomic(filePath: string, content: string | Uint8Array, mode: number): Promise<void> {
  await mkdir(path.dirname(filePath), { recursive: true });
  const tmp = `${filePath}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    const handle = await open(tmp, "w", mode);
    try {
      await handle.writeFile(content, typeof content === "string" ? "utf8" : undefined);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(tmp, mode);
    await rename(tmp, filePath);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
