// A size-capped log that keeps a bounded number of old files: `gateway.log` rotates to
// `gateway.log.1` (the older ones move up to `.2` … `.<keep>`, the oldest is dropped) once
// the next write would pass the cap. Service managers only ever append (launchd's
// StandardOutPath, a `.cmd` redirect), so a crash loop would fill the disk; the gateway and
// its supervisor write through this instead. Self-contained (fs is passed in) so the
// Windows supervisor script can embed it.

/** Default size cap of one log file, in bytes. */
export const LOG_MAX_BYTES = 10 * 1024 * 1024;
/** Default number of rotated files kept next to the live one. */
export const LOG_KEEP_FILES = 3;

/** The file operations the writer uses (node:fs fits). */
export interface RotatingLogFs {
  statSync(path: string): { size: number };
  renameSync(from: string, to: string): void;
  rmSync(path: string, options: { force: boolean }): void;
  appendFileSync(path: string, data: string | Uint8Array, options: { mode: number }): void;
}

/** An append-only, size-capped, rotating log file. */
export interface RotatingLog {
  readonly path: string;
  /** Appends `data`; never throws (a full disk must not stop the gateway). */
  write(data: string | Uint8Array): void;
}

/** Opens `filePath` for rotating appends (`maxBytes` per file, `keepFiles` old files, mode 0600). */
export function createRotatingLog(filePath: string, fs: RotatingLogFs, maxBytes: number, keepFiles: number): RotatingLog {
  let size = 0;
  try {
    size = fs.statSync(filePath).size;
  } catch {
    size = 0;
  }
  const rotate = () => {
    try {
      fs.rmSync(`${filePath}.${keepFiles}`, { force: true });
      for (let i = keepFiles - 1; i >= 1; i--) {
        try {
          fs.renameSync(`${filePath}.${i}`, `${filePath}.${i + 1}`);
        } catch {
          // no such old file yet
        }
      }
      if (keepFiles >= 1) fs.renameSync(filePath, `${filePath}.1`);
      else fs.rmSync(filePath, { force: true });
    } catch {
      // Another writer rotated it already; keep appending.
    }
    size = 0;
  };
  return {
    path: filePath,
    write(data) {
      const bytes = typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
      if (size > 0 && size + bytes > maxBytes) rotate();
      try {
        fs.appendFileSync(filePath, data, { mode: 0o600 });
        size += bytes;
      } catch {
        // A full or read-only disk must not stop the gateway.
      }
    },
  };
}
