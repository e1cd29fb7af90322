// The logs view's model: `logs.tail` lines (JSON lines with time, level, subsystem, message,
// or plain text) parsed for display and filtered by minimum level.

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Lines kept in the logs view. */
export const LOG_VIEW_MAX_LINES = 2000;

export interface LogLine {
  time: string;
  level: LogLevel | undefined;
  subsystem: string;
  message: string;
}

function asLevel(value: unknown): LogLevel | undefined {
  if (typeof value === "number") return ({ 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" } as const)[value];
  if (typeof value !== "string") return undefined;
  const lower = value.toLowerCase();
  if (lower === "warning") return "warn";
  return (LOG_LEVELS as readonly string[]).includes(lower) ? (lower as LogLevel) : undefined;
}

/** Parses one line: a JSON object with time/level/subsystem/message (or msg), else plain text (pure). */
export function parseLogLine(raw: string): LogLine {
  const trimmed = raw.trim();
  if (trimmed.startsWith("{")) {
    try {
      const obj = JSON.parse(trimmed) as Record<string, unknown>;
      const time = obj.time ?? obj.ts ?? obj.timestamp;
      const message = obj.message ?? obj.msg ?? "";
      return {
        time: typeof time === "number" ? new Date(time).toISOString() : typeof time === "string" ? time : "",
        level: asLevel(obj.level),
        subsystem: typeof obj.subsystem === "string" ? obj.subsystem : typeof obj.module === "string" ? obj.module : "",
        message: typeof message === "string" ? message : JSON.stringify(message),
      };
    } catch {
      // Not JSON after all: fall through to plain text.
    }
  }
  const level = /\b(trace|debug|info|warn(?:ing)?|error|fatal)\b/i.exec(trimmed)?.[1];
  return { time: "", level: level ? asLevel(level) : undefined, subsystem: "", message: trimmed };
}

/** Lines at `min` or above; lines without a level are kept unless filtering above info (pure). */
export function filterByLevel(lines: readonly LogLine[], min: LogLevel | "all"): readonly LogLine[] {
  if (min === "all") return lines;
  const floor = LOG_LEVELS.indexOf(min);
  return lines.filter((l) => (l.level ? LOG_LEVELS.indexOf(l.level) >= floor : floor <= LOG_LEVELS.indexOf("info")));
}
