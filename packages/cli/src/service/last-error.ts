// "Last gateway error" for `status` and failed installs: read only the tail of the log files
// (never the whole file), newest first, and pick the last line that looks like an error.
import { type FileHandle, open, stat } from "node:fs/promises";
import { parseLogLine } from "../output/log-line.js";

/** How much of the end of a log file is read. */
export const LOG_TAIL_BYTES = 64 * 1024;

/** How many lines at the end of each log are searched for the last error. */
export const LAST_ERROR_SCAN_LINES = 200;

const ERROR_LINE = /\[(error|fatal)\]|error|failed|invalid|refusing|blocked|already running|in use|EADDRINUSE|unhandled/i;

/** The last `maxLines` non-empty lines of `file` (reading at most LOG_TAIL_BYTES), secrets redacted since we print them; [] if missing. */
export async function readLogTail(file: string, maxLines: number, maxBytes = LOG_TAIL_BYTES): Promise<string[]> {
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch {
    return [];
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer
      .toString("utf8")
      .split("\n")
      .map((l) => l.trimEnd())
      .filter(Boolean);
    if (size > length) lines.shift(); // the first line was cut
    const { redactSecrets } = await import("@clawd/ports");
    return lines.slice(-maxLines).map(redactSecrets);
  } finally {
    await handle.close();
  }
}

const TIMESTAMPED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z /;

/**
 * The newest error-looking line of the given logs (checked in order), or undefined. Lines carry
 * their time (`2026-…Z [error] …`); an older line without one gets the file's modification time.
 */
export async function findLastGatewayError(files: readonly string[]): Promise<string | undefined> {
  for (const file of files) {
    const lines = await readLogTail(file, LAST_ERROR_SCAN_LINES);
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i] as string;
      // JSON lines are judged and shown as `time [level] message`, like the plain lines before them.
      const record = parseLogLine(line);
      const text = record ? `${record.time} [${record.level}] ${record.message}` : line;
      if (!ERROR_LINE.test(text)) continue;
      if (TIMESTAMPED.test(text)) return text;
      const written = await stat(file).then(
        (s) => s.mtime.toISOString(),
        () => undefined,
      );
      return written ? `${text} (log written ${written})` : text;
    }
  }
  return undefined;
}
