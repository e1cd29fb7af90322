// The seam between the protocol core and a WebSocket library. The core (handshake, dispatch,
// broadcast) only sees these interfaces; transport-uws.ts and transport-ws.ts implement them.
import type { HttpRouteRequest, HttpRouteResponse } from "./http-route.js";
import type { UpgradeRefusal } from "./upgrade-validation.js";
import { hasMarker } from "./error-marker.js";

/** Outcome of one send: written, queued behind backpressure, dropped by the library, or socket gone. */
export type SendStatus = "sent" | "buffered" | "dropped" | "closed";

/** One accepted WebSocket, as the core sees it. */
export interface Connection {
  /** Peer address as text (IPv6 may be fully expanded on uWS). */
  readonly remoteAddress: string;
  /** True once the socket is closing or closed; sends are then no-ops. */
  readonly closed: boolean;
  send(text: string): SendStatus;
  /** Bytes queued for this socket and not yet written to the kernel. */
  bufferedAmount(): number;
  close(code: number, reason: string): void;
  /** Drops the TCP connection without waiting for the close handshake. */
  terminate(): void;
  subscribe(topic: string): void;
  unsubscribe(topic: string): void;
}

/** An HTTP answer for a non-upgrade request (the route hook's response shape). */
export type HttpReply = HttpRouteResponse;

/** Upgrade request headers, lower-cased names, captured at upgrade time. */
export type UpgradeHeaders = Readonly<Record<string, string>>;

/**
 * Callbacks the core gives a transport. Messages arrive as text (binary is decoded as UTF-8).
 * Headers are handed over once, at open: the connection does not keep them, so an idle
 * socket does not pay for the upgrade request after its handshake.
 */
export interface TransportHandlers {
  open(conn: Connection, headers: UpgradeHeaders): void;
  message(conn: Connection, text: string): void;
  close(conn: Connection, code: number, reason: string): void;
  /** The socket's send buffer shrank (uWS `drain`, ws write callback). */
  drain(conn: Connection): void;
  http(request: HttpRouteRequest): HttpReply;
  /**
   * Asked before answering an upgrade (both transports, same inputs): a refusal is sent as
   * that HTTP status and the socket closed; null lets the upgrade proceed.
   */
  upgrade(remoteAddress: string, headers: UpgradeHeaders, headBytes: number): UpgradeRefusal | null;
}

export interface TransportListenOptions {
  hosts: string[];
  port: number;
  /** Extra hosts to try on the same port; a failure only warns (e.g. the ::1 alias). */
  optionalHosts: string[];
  maxPayloadBytes: number;
  /** Deadline for a complete request head (slowloris); uWS has a fixed 10 s one. */
  upgradeHeaderTimeoutMs: number;
  /** Request heads above this get 431 (the core's check); the HTTP parser's own cap sits above it. */
  maxUpgradeHeaderBytes: number;
  warn(message: string): void;
  /** Returns a shared copy of a short string (peer addresses repeat across sockets). */
  intern(text: string): string;
}

/** A listening transport. */
export interface TransportServer {
  readonly kind: "uws" | "ws";
  readonly port: number;
  /** Hosts actually listening (optional hosts that failed are left out). */
  readonly hosts: string[];
  /** Sends `text` to every socket subscribed to `topic` (C++ fan-out on uWS). */
  publish(topic: string, text: string): void;
  /** Runs `fn` with writes batched into as few syscalls as the library allows. */
  cork(conn: Connection, fn: () => void): void;
  /** Stops listening and force-closes sockets still open after `graceMs`. */
  close(graceMs: number): Promise<void>;
}

// Recognised by a Symbol.for marker (isInstance), not instanceof, across copies of this package.
const LISTEN_ERROR = Symbol.for("clawd.error.GatewayListenError");

/** Error raised when a required host cannot be bound; `code` is EADDRINUSE when the port is taken. */
export class GatewayListenError extends Error {
  readonly code: string;
  readonly host: string;
  readonly port: number;
  constructor(host: string, port: number, code: string, detail: string) {
    super(`cannot listen on ${host.includes(":") ? `[${host}]` : host}:${port}: ${detail}`);
    this.name = "GatewayListenError";
    this.code = code;
    this.host = host;
    this.port = port;
    Object.defineProperty(this, LISTEN_ERROR, { value: true });
  }

  /** A GatewayListenError from any copy of @clawd/gateway-server. */
  static isInstance(value: unknown): value is GatewayListenError {
    return hasMarker(value, LISTEN_ERROR);
  }
}
