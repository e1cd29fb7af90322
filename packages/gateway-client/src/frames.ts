// Wire shapes of protocol v3 (reference/protocol.md §2, §3.6). Types only, plus the one
// encoder for outbound requests.

/** The error object of an `ok:false` response. */
export interface ErrorShape {
  code: string;
  message: string;
  details?: unknown;
  retryable?: boolean;
  retryAfterMs?: number;
}

/** Client → server request frame. */
export interface RequestFrame {
  type: "req";
  id: string;
  method: string;
  params?: unknown;
}

/** Server → client response frame, matched to a request by `id`. */
export interface ResponseFrame {
  type: "res";
  id: string;
  ok: boolean;
  payload?: unknown;
  error?: ErrorShape;
}

/** Versions of the state-bearing events (`presence`, `health`). */
export interface StateVersion {
  presence: number;
  health: number;
}

/** Server → client event frame; broadcasts carry a global `seq`. */
export interface EventFrame {
  type: "event";
  event: string;
  payload?: unknown;
  seq?: number;
  stateVersion?: StateVersion;
}

/** The payload of a successful `connect` response. Fields beyond `type` are as the server sent them. */
export interface HelloOk {
  type: "hello-ok";
  protocol: number;
  server?: { version?: string; connId?: string; host?: string; commit?: string };
  features?: { methods?: string[]; events?: string[] };
  snapshot?: Record<string, unknown>;
  policy?: { maxPayload?: number; maxBufferedBytes?: number; tickIntervalMs?: number };
  auth?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Serializes a request; `params` is left out when undefined, as the protocol expects. */
export function encodeRequest(id: string, method: string, params?: unknown): string {
  const frame: RequestFrame = params === undefined ? { type: "req", id, method } : { type: "req", id, method, params };
  return JSON.stringify(frame);
}
