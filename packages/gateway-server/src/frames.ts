// Frame shapes of protocol v3 and their serialization. Clients validate frames strictly
// (no extra keys, no `null` where a value is optional), so every outbound frame is built
// here and nowhere else.
import { hasMarker } from "./error-marker.js";

/** Error codes of protocol v3 (the complete set). */
export type ErrorCode = "INVALID_REQUEST" | "NOT_PAIRED" | "NOT_LINKED" | "AGENT_TIMEOUT" | "UNAVAILABLE";

export interface ErrorShape {
  code: ErrorCode;
  message: string;
  details?: unknown;
  retryable?: boolean;
  retryAfterMs?: number;
}

export interface RequestFrame {
  type: "req";
  id: string;
  method: string;
  params?: unknown;
}

export interface ResponseFrame {
  type: "res";
  id: string;
  ok: boolean;
  payload?: unknown;
  error?: ErrorShape;
}

export interface StateVersion {
  presence: number;
  health: number;
}

export interface EventFrame {
  type: "event";
  event: string;
  payload?: unknown;
  seq?: number;
  stateVersion?: StateVersion;
}

/** Result of reading one inbound message. */
export type ParsedRequest =
  | { ok: true; frame: RequestFrame }
  | { ok: false; kind: "json"; message: string }
  | { ok: false; kind: "frame"; id: string; message: string };

const REQUEST_KEYS = new Set(["type", "id", "method", "params"]);

/** Parses one inbound text message into a request frame, or says precisely why it is not one. */
export function parseRequestFrame(text: string): ParsedRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, kind: "json", message: "invalid request frame: malformed JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, kind: "frame", id: "invalid", message: "invalid request frame: expected a JSON object" };
  }
  const record = value as Record<string, unknown>;
  // A reply id must itself be a valid NonEmptyString or the client drops the reply.
  const id = typeof record.id === "string" && record.id.length > 0 ? record.id : "invalid";
  const fail = (why: string): ParsedRequest => ({ ok: false, kind: "frame", id, message: `invalid request frame: ${why}` });
  if (record.type !== "req") return fail('type must be "req"');
  if (typeof record.id !== "string" || record.id.length === 0) return fail("id must be a non-empty string");
  if (typeof record.method !== "string" || record.method.length === 0) return fail("method must be a non-empty string");
  for (const key of Object.keys(record)) {
    if (!REQUEST_KEYS.has(key)) return fail(`unexpected property '${key}'`);
  }
  const frame: RequestFrame = { type: "req", id: record.id, method: record.method };
  if (record.params !== undefined) frame.params = record.params;
  return { ok: true, frame };
}

/** Builds a successful `res` frame; `payload` is left out when undefined. */
export function okResponse(id: string, payload?: unknown): ResponseFrame {
  return payload === undefined ? { type: "res", id, ok: true } : { type: "res", id, ok: true, payload };
}

/** Builds a failed `res` frame with an error that carries only the keys that are set. */
export function errorResponse(id: string, error: ErrorShape): ResponseFrame {
  return { type: "res", id, ok: false, error: cleanError(error) };
}

/** Builds an `event` frame, leaving out `payload`, `seq` and `stateVersion` when absent. */
export function eventFrame(event: string, payload?: unknown, seq?: number, stateVersion?: StateVersion): EventFrame {
  const frame: EventFrame = { type: "event", event };
  if (payload !== undefined) frame.payload = payload;
  if (seq !== undefined) frame.seq = seq;
  if (stateVersion !== undefined) frame.stateVersion = { presence: stateVersion.presence, health: stateVersion.health };
  return frame;
}

/** Serializes a frame; `undefined` members vanish, so no `null` placeholders reach the wire. */
export function serializeFrame(frame: ResponseFrame | EventFrame): string {
  return JSON.stringify(frame);
}

function cleanError(error: ErrorShape): ErrorShape {
  const out: ErrorShape = { code: error.code, message: error.message.length > 0 ? error.message : "error" };
  if (error.details !== undefined) out.details = error.details;
  if (typeof error.retryable === "boolean") out.retryable = error.retryable;
  if (typeof error.retryAfterMs === "number" && Number.isFinite(error.retryAfterMs)) {
    out.retryAfterMs = Math.max(0, Math.ceil(error.retryAfterMs));
  }
  return out;
}

// Recognised by a Symbol.for marker (isInstance), not instanceof: plugins and the CLI throw
// it from their own copy of this package, and the code they chose must still reach the client.
const METHOD_ERROR = Symbol.for("clawd.error.GatewayMethodError");

/** Error with a protocol error code; handlers throw it to choose the code sent to the client. */
export class GatewayMethodError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  readonly retryAfterMs?: number;
  constructor(code: ErrorCode, message: string, options?: { details?: unknown; retryAfterMs?: number }) {
    super(message);
    this.name = "GatewayMethodError";
    this.code = code;
    if (options?.details !== undefined) this.details = options.details;
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    Object.defineProperty(this, METHOD_ERROR, { value: true });
  }

  /** A GatewayMethodError from any copy of @clawd/gateway-server. */
  static isInstance(value: unknown): value is GatewayMethodError {
    return hasMarker(value, METHOD_ERROR);
  }
}
