// The errors the client rejects with. Each message says what failed and, where there is
// one, what to do about it.
import type { ErrorShape } from "./frames.js";

/** The gateway answered a request with `ok:false`. */
export class GatewayRequestError extends Error {
  override name = "GatewayRequestError";
  /** Server error code, e.g. `INVALID_REQUEST`, `UNAVAILABLE`. */
  readonly code: string;
  readonly details?: unknown;
  readonly retryable?: boolean;
  /** When the server asks the caller to wait before retrying, in ms. */
  readonly retryAfterMs?: number;
  /** The method of the failed request. */
  readonly method: string;

  constructor(method: string, error: ErrorShape | undefined) {
    super(error?.message ?? `${method} failed without an error message`);
    this.method = method;
    this.code = error?.code ?? "UNKNOWN";
    if (error?.details !== undefined) this.details = error.details;
    if (error?.retryable !== undefined) this.retryable = error.retryable;
    if (error?.retryAfterMs !== undefined) this.retryAfterMs = error.retryAfterMs;
  }
}

/** Opening the socket or the handshake failed, or the connection is gone. */
export class GatewayConnectError extends Error {
  override name = "GatewayConnectError";
  readonly closeCode?: number;
  readonly closeReason?: string;
  /** Server error code when the gateway rejected `connect` (e.g. `INVALID_REQUEST`). */
  readonly code?: string;
  readonly details?: unknown;

  constructor(message: string, info: { closeCode?: number; closeReason?: string; code?: string; details?: unknown } = {}) {
    super(message);
    if (info.closeCode !== undefined) this.closeCode = info.closeCode;
    if (info.closeReason !== undefined) this.closeReason = info.closeReason;
    if (info.code !== undefined) this.code = info.code;
    if (info.details !== undefined) this.details = info.details;
  }
}

/** A request got no response within its timeout. */
export class GatewayTimeoutError extends Error {
  override name = "GatewayTimeoutError";
  readonly method: string;
  readonly timeoutMs: number;

  constructor(method: string, timeoutMs: number) {
    super(`gateway timeout after ${timeoutMs}ms (${method})`);
    this.method = method;
    this.timeoutMs = timeoutMs;
  }
}

/** The gateway sent a response this client cannot read (protocol violation). */
export class GatewayProtocolError extends Error {
  override name = "GatewayProtocolError";
  readonly method: string;
  readonly reason: string;

  constructor(method: string, reason: string) {
    super(`gateway sent a malformed response to ${method}: ${reason}`);
    this.method = method;
    this.reason = reason;
  }
}
