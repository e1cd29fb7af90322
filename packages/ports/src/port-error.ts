/** Why a port operation failed; each code maps to a different fix for the user. */
export type PortErrorCode =
  | "INVALID_PORT" // not an integer in 1..65535
  | "INVALID_OPTION" // a negative or non-numeric limit
  | "EPERM" // the holder belongs to another user
  | "REFUSED" // the holder is PID 0/1 or this very process
  | "STILL_LISTENING" // the port stayed busy until the timeout
  | "LOOKUP_FAILED" // the inspection tool (lsof/netstat/PowerShell) failed
  | "SIGNAL_FAILED" // kill/taskkill failed for another reason
  | "ABORTED"; // the caller's AbortSignal fired

// Recognised by a Symbol.for marker, not instanceof: two copies of @clawd/ports (two versions
// installed) each have their own class.
const PORT_ERROR = Symbol.for("clawd.error.PortError");

/** Whether `value` carries `marker` (set by an error class's constructor, from any copy of the package). */
function hasMarker(value: unknown, marker: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}

/** An expected failure: `message` says what failed, why, and what to do about it. */
export class PortError extends Error {
  override readonly name = "PortError";
  readonly code: PortErrorCode;
  /** The processes concerned (still listening, not permitted, refused). */
  readonly pids: number[];
  readonly port: number | undefined;

  constructor(code: PortErrorCode, message: string, options: { pids?: number[]; port?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.pids = options.pids ?? [];
    this.port = options.port;
    Object.defineProperty(this, PORT_ERROR, { value: true });
  }

  /** A PortError from any copy of @clawd/ports. */
  static isInstance(value: unknown): value is PortError {
    return hasMarker(value, PORT_ERROR);
  }
}
