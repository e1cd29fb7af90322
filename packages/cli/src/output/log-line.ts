// One line of the gateway's log file: a JSON object that our readers, the original's `logs`
// command and its Control UI all parse. Ours read time/level/subsystem/message; the original's
// parsers read `time`, `_meta.logLevelName`, `_meta.name` (a JSON `{"subsystem"}`) and the
// numbered argument "1" (tslog's layout), so those are written too.

/** Subsystem of the gateway's own lines. */
export const GATEWAY_SUBSYSTEM = "gateway";

/** The facts of a line as fields next to `message` (`event`, `conn`, `method`…); never a secret. */
export type LogRecordFields = Readonly<Record<string, string | number | boolean>>;

/** A parsed log line. */
export interface LogRecord {
  time: string;
  level: string;
  subsystem: string;
  message: string;
  /** Extra top-level keys of the line (absent when there are none). */
  fields?: LogRecordFields | undefined;
}

/** Keys of the line's own layout: a field by one of these names is not written (it would clobber it). */
const RESERVED_KEYS = new Set(["time", "level", "subsystem", "message", "1", "_meta"]);

const isFieldValue = (value: unknown): value is string | number | boolean =>
  typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));

/** The fields that may be written: reserved names and non-scalar values are left out. */
function writableFields(fields: LogRecordFields | undefined): Record<string, string | number | boolean> {
  const kept: Record<string, string | number | boolean> = {};
  if (!fields) return kept;
  for (const [key, value] of Object.entries(fields)) if (!RESERVED_KEYS.has(key) && isFieldValue(value)) kept[key] = value;
  return kept;
}

/** Consola's types mapped to the levels the original's viewers filter on. */
const LEVEL_OF: Record<string, string> = {
  success: "info",
  log: "info",
  info: "info",
  ready: "info",
  start: "info",
  box: "info",
  warn: "warn",
  error: "error",
  fatal: "fatal",
  debug: "debug",
  trace: "trace",
  verbose: "debug",
};

/** The level a consola type is logged as. */
export function logLevelOf(type: string): string {
  return LEVEL_OF[type] ?? "info";
}

/** Formats one record as a JSON line (no trailing newline); its fields follow `message` as top-level keys. */
export function formatLogLine(record: LogRecord): string {
  return JSON.stringify({
    time: record.time,
    level: record.level,
    subsystem: record.subsystem,
    message: record.message,
    ...writableFields(record.fields),
    1: record.message,
    _meta: { name: JSON.stringify({ subsystem: record.subsystem }), logLevelName: record.level.toUpperCase() },
  });
}

/** Reads a line back: a JSON line as written above, or undefined for anything else (older plain lines). */
export function parseLogLine(line: string): LogRecord | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const value = JSON.parse(line) as Record<string, unknown>;
    const { time, level, subsystem, message } = value;
    if (typeof time !== "string" || typeof level !== "string" || typeof message !== "string") return undefined;
    const record: LogRecord = { time, level, subsystem: typeof subsystem === "string" ? subsystem : GATEWAY_SUBSYSTEM, message };
    const fields = writableFields(value as LogRecordFields);
    if (Object.keys(fields).length > 0) record.fields = fields;
    return record;
  } catch {
    return undefined;
  }
}
