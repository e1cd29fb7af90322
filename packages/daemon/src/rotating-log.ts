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

/**
 * Makes room for a new `.1`: drops `.<keepFiles>` and moves `.1` … `.<keepFiles − 1>` up by one
 * (missing ones are skipped). Both rotations use it; the supervisor script embeds it too.
 */
export function shiftRotatedCopies(filePath: string, fs: Pick<RotatingLogFs, "renameSync" | "rmSync">, keepFiles: number): void {
  fs.rmSync(`${filePath}.${keepFiles}`, { force: true });
  for (let i = keepFiles - 1; i >= 1; i--) {
    try {
      fs.renameSync(`${filePath}.${i}`, `${filePath}.${i + 1}`);
    } catch {
      // no such old file yet
    }
  }
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
      shiftRotatedCopies(filePath, fs, keepFiles);
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

/** The file operations `capAppendedFile` uses (node:fs fits). */
export interface AppendedLogFs {
  fstatSync(fd: number): { size: number; dev: number; ino: number; isFile(): boolean };
  statSync(path: string): { dev: number; ino: number };
  copyFileSync(from: string, to: string): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string, options: { force: boolean }): void;
  truncateSync(path: string, length: number): void;
}

/**
 * Rotates a file in place: the older copies move up (`.1` → `.2` …, the one past `keepFiles`
 * is dropped), the file is copied to `.1` and emptied. For a file another process opened for
 * us in append mode, whose descriptor cannot be reopened: writes through it land at the new end.
 */
export function rotateInPlace(filePath: string, fs: AppendedLogFs, keepFiles: number): void {
  try {
    shiftRotatedCopies(filePath, fs, keepFiles);
    if (keepFiles >= 1) fs.copyFileSync(filePath, `${filePath}.1`);
    fs.truncateSync(filePath, 0);
  } catch {
    // A full disk or a vanished file must not stop the gateway.
  }
}

/** Keeps a file that is appended to through an inherited descriptor within its cap. */
export interface AppendedLogCap {
  readonly path: string;
  /** Rotates the file in place when it holds data and `nextBytes` more would pass the cap (0: already past it). */
  check(nextBytes: number): void;
}

/**
 * When descriptor `fd` (1 or 2) is the regular file `filePath` — a service manager appends our
 * output to it (systemd's `StandardOutput=append:`, launchd's StandardOutPath, a `>>`) — caps
 * it at `maxBytes` with `keepFiles` old copies, rotating in place before a write would pass the
 * cap. Undefined when `fd` is anything else (a terminal, a pipe, the journal, another file).
 */
export function capAppendedFile(fd: number, filePath: string, fs: AppendedLogFs, maxBytes: number, keepFiles: number): AppendedLogCap | undefined {
  try {
    const open = fs.fstatSync(fd);
    const named = fs.statSync(filePath);
    if (!open.isFile() || open.dev !== named.dev || open.ino !== named.ino) return undefined;
  } catch {
    return undefined;
  }
  return {
    path: filePath,
    check(nextBytes) {
      let size = 0;
      try {
        size = fs.fstatSync(fd).size;
      } catch {
        return;
      }
      if (size > 0 && size + nextBytes > maxBytes) rotateInPlace(filePath, fs, keepFiles);
    },
  };
}
