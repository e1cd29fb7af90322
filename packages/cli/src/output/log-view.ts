// How `clawd logs` shows a gateway log line, whichever way it was written: a JSON line
// (log-line.ts, the writer's format) or the older plain `<ISO time> [level] message`.
// Pure: parsing for display, level filtering and colouring.
import { type LogRecordFields, parseLogLine as parseJsonLogLine } from "./log-line.js";

/** Levels from least to most severe; `--level L` shows L and above. */
export const LOG_LEVELS = ["trace", "debug", "info", "success", "warn", "error", "fatal"] as const;
/** A level `--level` accepts. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A parsed line; `level`/`time` are undefined for a line in neither format (shown as is). */
export interface LogLine {
  time: string | undefined;
  level: LogLevel | undefined;
  message: string;
  /** The line's structured fields (event, conn, method…), when it has any. */
  fields?: LogRecordFields;
}

const PRETTY = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) \[(\w+)\] (.*)$/s;

const asLevel = (value: unknown): LogLevel | undefined => ((LOG_LEVELS as readonly unknown[]).includes(value) ? (value as LogLevel) : undefined);

/** Parses one line of gateway.log (JSON or plain); never throws. */
export function parseLogLine(raw: string): LogLine {
  const record = parseJsonLogLine(raw);
  if (record) {
    const line: LogLine = { time: record.time, level: asLevel(record.level), message: record.message };
    if (record.fields) line.fields = record.fields;
    return line;
  }
  if (raw.startsWith("{")) {
    try {
      const json = JSON.parse(raw) as Record<string, unknown>;
      const message = typeof json.message === "string" ? json.message : raw;
      return { time: typeof json.time === "string" ? json.time : undefined, level: asLevel(json.level), message };
    } catch {
      // Not JSON after all: shown as is.
    }
  }
  const match = PRETTY.exec(raw);
  if (match) return { time: match[1], level: asLevel(match[2]), message: match[3] as string };
  return { time: undefined, level: undefined, message: raw };
}

/** True when `line` is at `min` or more severe; lines without a level always pass (context lines). */
export function atLeast(line: LogLine, min: LogLevel): boolean {
  return line.level === undefined || LOG_LEVELS.indexOf(line.level) >= LOG_LEVELS.indexOf(min);
}

const COLOR: Partial<Record<LogLevel, string>> = { debug: "\u001b[2m", warn: "\u001b[33m", error: "\u001b[31m", fatal: "\u001b[31m", success: "\u001b[32m" };

/** `<time> [level] message`, the level (and the message for warn/error) coloured when `color`. */
export function formatLogLine(line: LogLine, color: boolean): string {
  if (line.level === undefined) return line.message;
  const text = `${line.time ?? ""}${line.time ? " " : ""}[${line.level}] ${line.message}`;
  const code = color ? COLOR[line.level] : undefined;
  return code ? `${code}${text}\u001b[0m` : text;
}
