// The one place that picks a WebSocket implementation: the global one (browsers, Node 22+)
// or the `ws` package, loaded lazily so browsers never see it.
import { MAX_INBOUND_PAYLOAD_BYTES } from "./limits.js";

/** The subset of the WHATWG WebSocket API the client uses; `ws` and browsers both provide it. */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: never) => void): void;
  /** `ws` only: drop the connection without a closing handshake. */
  terminate?(): void;
}

/** A WebSocket constructor (the global one, `ws`'s, or a caller-supplied one). */
export type WebSocketConstructorLike = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** Opens a socket to `url`. */
export type OpenSocket = (url: string) => WebSocketLike;

/** `WebSocket.OPEN` — the same value in every implementation. */
export const READY_STATE_OPEN = 1;

type WsConstructor = new (url: string, protocols: string[] | undefined, options: { maxPayload: number }) => WebSocketLike;

/**
 * Returns a socket opener: `impl` when given, else the global `WebSocket`, else the `ws`
 * package (Node 20), which also gets the inbound payload cap.
 */
export async function resolveOpenSocket(impl?: WebSocketConstructorLike, maxPayloadBytes: number = MAX_INBOUND_PAYLOAD_BYTES): Promise<OpenSocket> {
  if (impl) return (url) => new impl(url);
  const globalImpl = (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket;
  if (globalImpl) return (url) => new globalImpl(url);
  let mod: { default?: unknown; WebSocket?: unknown };
  try {
    mod = (await import("ws")) as { default?: unknown; WebSocket?: unknown };
  } catch (error) {
    throw new Error(
      `no WebSocket implementation: this runtime has no global WebSocket and the "ws" package could not be loaded (${String(error)}); install it with: npm i ws`,
    );
  }
  const Ws = (mod.WebSocket ?? mod.default) as WsConstructor;
  return (url) => new Ws(url, undefined, { maxPayload: maxPayloadBytes });
}
