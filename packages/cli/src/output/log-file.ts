import { appendFileSync, mkdirSync, renameSync, statSync } from "node:fs";
import { dirname } from "node:path";

/** Size at which `gateway.log` is rotated to `gateway.log.1`. */
export const LOG_FILE_MAX_BYTES = 10 * 1024 * 1024;
/** Mode of the log file: it may mention paths and peers. */
export const LOG_FILE_MODE = 0o600;

/** An append-only log file that rotates once it reaches `maxBytes`. */
export interface LogFile {
  readonly path: string;
  append(line: string): void;
}

/**
 * Opens (creates) the log file for appending. Writes are synchronous so that nothing is
 * lost when the process exits right after a line; the gateway logs little.
 */
export function openLogFile(path: string, options: { maxBytes?: number } = {}): LogFile {
  const maxBytes = options.maxBytes ?? LOG_FILE_MAX_BYTES;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    size = 0;
  }
  return {
    path,
    append(line: string) {
      const text = `${line}\n`;
      const bytes = Buffer.byteLength(text);
      if (size > 0 && size + bytes > maxBytes) {
        try {
          renameSync(path, `${path}.1`);
        } catch {
          // Another writer rotated it already; keep appending.
        }
        size = 0;
      }
      try {
        appendFileSync(path, text, { mode: LOG_FILE_MODE });
        size += bytes;
      } catch {
        // A full or read-only disk must not stop the gateway; stdout still has the line.
      }
    },
  };
}
