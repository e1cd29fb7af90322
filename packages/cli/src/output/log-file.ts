// The gateway's log files, one rule everywhere: each file is capped at LOG_MAX_BYTES (10 MiB)
// with LOG_KEEP_FILES (3) rotated copies, whoever writes it:
// - in the foreground the gateway appends to gateway.log itself (openLogFile);
// - under systemd (StandardOutput=append:) the manager opened gateway.log / gateway.err.log for
//   us as stdout / stderr, so the gateway rotates them in place (capServiceLogs);
// - under launchd and Task Scheduler the supervisor (@clawd/daemon) writes them, rotating.
import * as fs from "node:fs";
import { dirname } from "node:path";
import { LOG_KEEP_FILES, LOG_MAX_BYTES, capAppendedFile, createRotatingLog } from "@clawd/daemon";

/** An append-only log file that rotates once it reaches its cap. */
export interface LogFile {
  readonly path: string;
  append(line: string): void;
}

/**
 * Opens (creates) the log file for appending, capped at LOG_MAX_BYTES with LOG_KEEP_FILES
 * rotated copies (mode 0600: it may mention paths and peers). Writes are synchronous so that
 * nothing is lost when the process exits right after a line; the gateway logs little.
 */
export function openLogFile(path: string, options: { maxBytes?: number; keepFiles?: number } = {}): LogFile {
  fs.mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const log = createRotatingLog(path, fs, options.maxBytes ?? LOG_MAX_BYTES, options.keepFiles ?? LOG_KEEP_FILES);
  return { path, append: (line) => log.write(`${line}\n`) };
}

/** A stream whose descriptor a service manager may have pointed at one of our log files. */
interface CappableStream {
  fd: number;
  write: NodeJS.WriteStream["write"];
}

/**
 * Under a service manager that appends our stdout/stderr to our log files (systemd's
 * `append:`), keeps each within LOG_MAX_BYTES × LOG_KEEP_FILES: rotates it now when a crash
 * loop already filled it, and before any write that would pass the cap. A terminal, a pipe
 * (the launchd/Task Scheduler supervisor) or the journal is left alone. Returns the capped paths.
 */
export function capServiceLogs(files: readonly string[], streams: readonly CappableStream[] = [process.stdout, process.stderr]): string[] {
  const capped: string[] = [];
  for (const stream of streams) {
    const cap = files.map((file) => capAppendedFile(stream.fd, file, fs, LOG_MAX_BYTES, LOG_KEEP_FILES)).find((c) => c !== undefined);
    if (!cap) continue;
    cap.check(0);
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      cap.check(typeof chunk === "string" ? Buffer.byteLength(chunk) : ((chunk as Uint8Array | undefined)?.byteLength ?? 0));
      return write(chunk, ...rest);
    }) as NodeJS.WriteStream["write"];
    capped.push(cap.path);
  }
  return capped;
}
