import type { EventFrame, HelloOk, ResponseFrame } from "./frames.js";

/** Outcome of parsing one inbound message: a valid frame, or why it was dropped. */
export type ParsedFrame = { kind: "res"; frame: ResponseFrame } | { kind: "event"; frame: EventFrame } | { kind: "malformed"; reason: string; id?: string };

const RES_KEYS = new Set(["type", "id", "ok", "payload", "error"]);
const EVENT_KEYS = new Set(["type", "event", "payload", "seq", "stateVersion"]);
const ERROR_KEYS = new Set(["code", "message", "details", "retryable", "retryAfterMs"]);
const STATE_VERSION_KEYS = new Set(["presence", "health"]);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function extraKey(value: Json, allowed: Set<string>): string | undefined {
  return Object.keys(value).find((key) => !allowed.has(key));
}

function errorShapeProblem(error: unknown): string | undefined {
  if (!isObject(error)) return "error is not an object";
  const extra = extraKey(error, ERROR_KEYS);
  if (extra !== undefined) return `error has unexpected property '${extra}'`;
  if (!isNonEmptyString(error.code)) return "error.code is not a non-empty string";
  if (!isNonEmptyString(error.message)) return "error.message is not a non-empty string";
  if (error.retryable !== undefined && typeof error.retryable !== "boolean") return "error.retryable is not a boolean";
  if (error.retryAfterMs !== undefined && !isNonNegativeInteger(error.retryAfterMs)) {
    return "error.retryAfterMs is not an integer >= 0";
  }
  return undefined;
}

function parseResponse(value: Json): ParsedFrame {
  // The id is read first so that a broken response can still fail its pending request.
  const id = isNonEmptyString(value.id) ? value.id : undefined;
  const malformed = (reason: string): ParsedFrame => (id === undefined ? { kind: "malformed", reason } : { kind: "malformed", reason, id });
  if (id === undefined) return malformed("res.id is not a non-empty string");
  const extra = extraKey(value, RES_KEYS);
  if (extra !== undefined) return malformed(`res has unexpected property '${extra}'`);
  if (typeof value.ok !== "boolean") return malformed("res.ok is not a boolean");
  if (value.error !== undefined) {
    const problem = errorShapeProblem(value.error);
    if (problem !== undefined) return malformed(`res.${problem}`);
  }
  return { kind: "res", frame: value as unknown as ResponseFrame };
}

function parseEvent(value: Json): ParsedFrame {
  const extra = extraKey(value, EVENT_KEYS);
  if (extra !== undefined) return { kind: "malformed", reason: `event has unexpected property '${extra}'` };
  if (!isNonEmptyString(value.event)) return { kind: "malformed", reason: "event.event is not a non-empty string" };
  if (value.seq !== undefined && !isNonNegativeInteger(value.seq)) {
    return { kind: "malformed", reason: "event.seq is not an integer >= 0" };
  }
  const sv = value.stateVersion;
  if (sv !== undefined) {
    const ok = isObject(sv) && extraKey(sv, STATE_VERSION_KEYS) === undefined && isNonNegativeInteger(sv.presence) && isNonNegativeInteger(sv.health);
    if (!ok) return { kind: "malformed", reason: "event.stateVersion is not {presence, health} integers >= 0" };
  }
  return { kind: "event", frame: value as unknown as EventFrame };
}

/** Strictly validates one inbound message (text) as a `res` or `event` frame (protocol §2). */
export function parseFrame(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: "malformed", reason: "not valid JSON" };
  }
  if (!isObject(value)) return { kind: "malformed", reason: "frame is not a JSON object" };
  if (value.type === "res") return parseResponse(value);
  if (value.type === "event") return parseEvent(value);
  return { kind: "malformed", reason: `unknown frame type ${JSON.stringify(value.type) ?? "undefined"}` };
}

/** Reads a hello-ok payload; returns a reason string when it is not one. */
export function parseHelloOk(payload: unknown): HelloOk | string {
  if (!isObject(payload)) return "hello-ok payload is not an object";
  if (payload.type !== "hello-ok") return `expected payload.type "hello-ok", got ${JSON.stringify(payload.type)}`;
  if (typeof payload.protocol !== "number") return "hello-ok payload.protocol is not a number";
  return payload as HelloOk;
}

/** The tick interval a hello-ok advertises, or `fallbackMs` when absent or invalid. */
export function tickIntervalOf(hello: HelloOk, fallbackMs: number): number {
  const ms = hello.policy?.tickIntervalMs;
  return typeof ms === "number" && Number.isFinite(ms) && ms > 0 ? ms : fallbackMs;
}
