// The errors the client rejects with. Each message says what failed and, where there is
// one, what to do about it.
import type { ErrorShape } from "./frames.js";

// Each is recognised by a Symbol.for marker its constructor sets (isInstance), not by
// instanceof: an app and a plugin may each load their own copy of this package.
const REQUEST_ERROR = Symbol.for("clawd.error.GatewayRequestError");
const CONNECT_ERROR = Symbol.for("clawd.error.GatewayConnectError");
const TIMEOUT_ERROR = Symbol.for("clawd.error.GatewayTimeoutError");
const PROTOCOL_ERROR = Symbol.for("clawd.error.GatewayProtocolError");

/** Whether `value` carries `marker` (set by an error class's constructor, from any copy of the package). */
function hasMarker(value: unknown, marker: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}

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
    Object.defineProperty(this, REQUEST_ERROR, { value: true });
  }

  /** A GatewayRequestError from any copy of @clawd/gateway-client. */
  static isInstance(value: unknown): value is GatewayRequestError {
    return hasMarker(value, REQUEST_ERROR);
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
    Object.defineProperty(this, CONNECT_ERROR, { value: true });
  }

  /** A GatewayConnectError from any copy of @clawd/gateway-client. */
  static isInstance(value: unknown): value is GatewayConnectError {
    return hasMarker(value, CONNECT_ERROR);
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
    Object.defineProperty(this, TIMEOUT_ERROR, { value: true });
  }

  /** A GatewayTimeoutError from any copy of @clawd/gateway-client. */
  static isInstance(value: unknown): value is GatewayTimeoutError {
    return hasMarker(value, TIMEOUT_ERROR);
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
    Object.defineProperty(this, PROTOCOL_ERROR, { value: true });
  }

  /** A GatewayProtocolError from any copy of @clawd/gateway-client. */
  static isInstance(value: unknown): value is GatewayProtocolError {
    return hasMarker(value, PROTOCOL_ERROR);
  }
}
