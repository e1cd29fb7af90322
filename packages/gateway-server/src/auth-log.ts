// The trace of failed logins, throttle decisions and connection-cap refusals: one line each, never the secret, and
// throttled per minute so that a flood of attempts cannot fill the disk (the overflow is
// counted and reported in one line when the next minute starts).
import type { GatewayLogger, LogFields } from "./options.js";

/** Longest client id or reason text copied into a log line. */
export const AUTH_LOG_MAX_FIELD_CHARS = 64;
const MINUTE_MS = 60_000;

/** What one auth log line is about; `reason` is a code, never a secret. */
export interface AuthLogEvent {
  event: "auth_failed" | "auth_delayed" | "auth_refused" | "connection_refused";
  ip: string;
  clientId: string;
  /** Set when the attempt counts against a device that proved its key (not its client id). */
  deviceId?: string;
  clientMode: string;
  authMode: string;
  reason: string;
  waitMs?: number;
}

export interface AuthLog {
  /** Writes `event` as one line, unless this minute's budget is spent (then it is counted). */
  write(event: AuthLogEvent): void;
  /** Lines suppressed in the current minute (for tests). */
  readonly suppressed: number;
}

/** Makes a client-supplied value safe for one log line: no control characters, bounded length. */
export function logField(value: string): string {
  const clean = value.replace(/[\u0000-\u001f\u007f"\\]/g, "?");
  return clean.length > AUTH_LOG_MAX_FIELD_CHARS ? `${clean.slice(0, AUTH_LOG_MAX_FIELD_CHARS)}…` : clean;
}

/** Formats an event as `key=value` pairs (client-supplied values quoted). */
export function formatAuthLogLine(e: AuthLogEvent): string {
  const wait = e.waitMs !== undefined ? ` waitMs=${e.waitMs}` : "";
  const device = e.deviceId !== undefined ? ` device=${logField(e.deviceId)}` : "";
  return `gateway ${e.event}: ip=${logField(e.ip)} client="${logField(e.clientId)}"${device} clientMode="${logField(e.clientMode)}" auth=${e.authMode} reason=${logField(e.reason)}${wait}`;
}

/** The event as log fields: the same facts as the line, client-supplied values bounded (never the secret: no such field). */
export function authLogFields(e: AuthLogEvent): LogFields {
  return {
    event: e.event,
    ip: logField(e.ip),
    clientId: logField(e.clientId),
    ...(e.deviceId !== undefined ? { deviceId: logField(e.deviceId) } : {}),
    clientMode: logField(e.clientMode),
    auth: e.authMode,
    reason: logField(e.reason),
    ...(e.waitMs !== undefined ? { waitMs: e.waitMs } : {}),
  };
}

/** Creates the throttled auth log writing warnings to `logger`; `now` is injectable. */
export function createAuthLog(logger: GatewayLogger, linesPerMinute: number, now: () => number = Date.now): AuthLog {
  let windowStart = now();
  let written = 0;
  let suppressed = 0;
  return {
    write(event) {
      const at = now();
      if (at - windowStart >= MINUTE_MS) {
        if (suppressed > 0)
          logger.warn(`gateway auth log: ${suppressed} more auth events in the previous minute were not logged (limit ${linesPerMinute}/min)`, {
            event: "auth_log_suppressed",
            suppressed,
            limitPerMinute: linesPerMinute,
          });
        windowStart = at;
        written = 0;
        suppressed = 0;
      }
      if (written >= linesPerMinute) {
        suppressed += 1;
        return;
      }
      written += 1;
      logger.warn(formatAuthLogLine(event), authLogFields(event));
    },
    get suppressed() {
      return suppressed;
    },
  };
}
