import { createConsola, type ConsolaInstance, type LogObject } from "consola/core";
import type { LogFile } from "./log-file.js";
import { formatLogLine, GATEWAY_SUBSYSTEM, type LogRecordFields, logLevelOf } from "./log-line.js";

/** A line's fields riding through consola as its last argument (the reporter takes them off again). */
class FieldsArg {
  constructor(readonly fields: LogRecordFields) {}
}

/** How lines are printed. */
export interface OutputOptions {
  format?: "pretty" | "json";
  verbose?: boolean;
  logFile?: LogFile | undefined;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
  /**
   * Under a service manager stdout is the log file and stderr the error log (service-spec.ts):
   * warnings and errors then go to both, so the log `clawd logs` reads holds every level.
   */
  copyWarningsToStdout?: boolean;
}

/** The CLI's printer: consola underneath, one reporter for pretty, JSON and the log file. */
export interface Output {
  readonly consola: ConsolaInstance;
  readonly color: boolean;
  /** `--verbose`: debug lines are printed (and the server formats its per-request lines). */
  readonly verbose: boolean;
  /**
   * `fields` (the server's structured facts: event, conn, method…) become top-level keys of the
   * JSON line (`--log-format json`, the log file); pretty text shows the message only.
   */
  info(message: string, fields?: LogRecordFields): void;
  success(message: string, fields?: LogRecordFields): void;
  warn(message: string, fields?: LogRecordFields): void;
  error(message: string, fields?: LogRecordFields): void;
  debug(message: string, fields?: LogRecordFields): void;
  /** Prints preformatted text to stdout as is (JSON results, boxes, help). */
  raw(text: string): void;
  /** From now on, also append every line to this file. */
  attachLogFile(file: LogFile): void;
}

const MARK = { success: "✓", fail: "✗", warn: "!" } as const;
const ANSI = { green: "\u001b[32m", red: "\u001b[31m", yellow: "\u001b[33m", dim: "\u001b[2m", reset: "\u001b[39m\u001b[22m" };

/** Colour only on a TTY, never with `NO_COLOR` or `TERM=dumb`; `FORCE_COLOR` forces it. */
export function shouldUseColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return Boolean(stream.isTTY) && env.TERM !== "dumb";
}

const LEVELS: Record<string, number> = { error: 0, warn: 1, info: 3, success: 3, debug: 4 };

/** Creates the printer. Errors and warnings go to stderr, everything else to stdout. */
export function createOutput(options: OutputOptions = {}): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const format = options.format ?? "pretty";
  const color = format === "pretty" && shouldUseColor(stdout, env);
  let logFile = options.logFile;
  const paint = (code: string, text: string) => (color ? `${code}${text}${ANSI.reset}` : text);

  const reporter = {
    log(entry: LogObject) {
      const last: unknown = entry.args.at(-1);
      const fields = last instanceof FieldsArg ? last.fields : undefined;
      const message = (fields ? entry.args.slice(0, -1) : entry.args).map(String).join(" ");
      const type = entry.type;
      const toErr = type === "error" || type === "fatal" || type === "warn";
      const stream = toErr ? stderr : stdout;
      const time = entry.date.toISOString();
      // The file and --log-format json get the same JSON line; pretty text is for terminals only.
      const json = logFile || format === "json" ? formatLogLine({ time, level: logLevelOf(type), subsystem: GATEWAY_SUBSYSTEM, message, fields }) : "";
      logFile?.append(json);
      if (format === "json") {
        stream.write(`${json}\n`);
        if (toErr && options.copyWarningsToStdout) stdout.write(`${json}\n`);
        return;
      }
      let line = message;
      if (type === "success") line = `${paint(ANSI.green, MARK.success)} ${message}`;
      else if (type === "warn") line = `${paint(ANSI.yellow, MARK.warn)} ${message}`;
      else if (type === "error" || type === "fatal") line = color ? paint(ANSI.red, message) : message;
      else if (type === "debug") line = paint(ANSI.dim, message);
      stream.write(`${line}\n`);
      if (toErr && options.copyWarningsToStdout) stdout.write(`${line}\n`);
    },
  };
  const consola = createConsola({ level: options.verbose ? LEVELS.debug : LEVELS.info, reporters: [reporter], throttle: 0 });
  return {
    consola,
    color,
    verbose: options.verbose === true,
    info: (m, fields) => (fields ? consola.info(m, new FieldsArg(fields)) : consola.info(m)),
    success: (m, fields) => (fields ? consola.success(m, new FieldsArg(fields)) : consola.success(m)),
    warn: (m, fields) => (fields ? consola.warn(m, new FieldsArg(fields)) : consola.warn(m)),
    error: (m, fields) => (fields ? consola.error(m, new FieldsArg(fields)) : consola.error(m)),
    debug: (m, fields) => (fields ? consola.debug(m, new FieldsArg(fields)) : consola.debug(m)),
    attachLogFile: (file) => {
      logFile = file;
    },
    raw: (text) => {
      stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    },
  };
}

/** A ✓ or ✗ mark for a check result. */
export function checkMark(ok: boolean): string {
  return ok ? MARK.success : MARK.fail;
}
