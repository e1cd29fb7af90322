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
  }
}
