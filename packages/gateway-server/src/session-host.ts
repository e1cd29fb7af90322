// What a session needs from the gateway around it: its counters and its host.
import type { AuthConfig } from "./auth.js";
import type { AuthFailureLimiter } from "./auth-limiter.js";
import type { AuthLog } from "./auth-log.js";
import type { Broadcaster } from "./broadcaster.js";
import type { DeviceGate } from "./device-handshake.js";
import type { ForwardedTrust } from "./forwarded.js";
import type { HandshakeDeadlines } from "./handshake-deadlines.js";
import type { HelloAuth } from "./hello.js";
import type { MethodRegistry } from "./method-registry.js";
import type { GatewayLogger, ResolvedLimits, VerifyIdentity } from "./options.js";
import type { Session } from "./session.js";
import type { InternString, SharePooled } from "./string-pool.js";
import type { Connection } from "./transport.js";

/** Counters sessions update; exposed through stats(). */
export interface SessionCounters {
  messagesSent: number;
  authFailures: number;
  authRateLimited: number;
  /** Auth attempts held back by the failed-auth throttle before their check. */
  authDelayed: number;
  /** Auth attempts counted against a known device that proved its key, not against their client id. */
  authDeviceSourced: number;
  /** Connects refused for a device proof that did not verify (forged, stale, wrong nonce or id). */
  deviceProofFailures: number;
  /** Upgrades refused before the WebSocket opened (bad request, size, maxConnections). */
  upgradesRefused: number;
  /** Pending handshakes closed 1013 to make room under maxPendingHandshakesPerSource. */
  handshakesEvicted: number;
  handshakeTimeouts: number;
  inFlight: number;
  requestsRejectedInFlight: number;
  protocolErrors: number;
}

/** What a session needs from the server around it. */
export interface SessionHost {
  limits: ResolvedLimits;
  auth: AuthConfig;
  limiter: AuthFailureLimiter;
  authLog: AuthLog;
  trust: ForwardedTrust;
  verifyIdentity?: VerifyIdentity | undefined;
  registry: MethodRegistry;
  broadcaster: Broadcaster;
  logger: GatewayLogger;
  counters: SessionCounters;
  /** Every session's handshake deadline (one timer for all, not one per socket). */
  deadlines: HandshakeDeadlines<Session>;
  /** Shares repeated short strings (client version, platform, scopes) between sessions. */
  intern: InternString;
  /** Shares repeated scope lists and client records between sessions. */
  share: SharePooled;
  /** Formats a session's serial number as its connection id. */
  connId(serial: number): string;
  /** Device proof, device tokens and pairing. */
  devices: DeviceGate;
  /** Node commands a platform may expose (allowlist plus gateway.nodes.allowCommands). */
  nodeCommandAllowed(platform: string, deviceFamily: string | undefined, command: string): boolean;
  /** The serialized `res` frame with hello-ok that answers `connect` request `id`. */
  helloResponse(id: string, connId: string, auth?: HelloAuth): string;
  /** The serialized `health` event a client gets right after hello-ok (upstream sent one after connect). */
  healthEvent(): string;
  /** Runs `fn` with this connection's writes batched (hello-ok and the health event go out together). */
  cork(conn: Connection, fn: () => void): void;
  /** Called just before hello-ok is sent, so the snapshot's presence lists the client itself. */
  onReady(session: Session): void;
  /** The handshake is over (hello-ok sent, or the socket closed): it no longer counts as pending. Called again at close. */
  onSettled(session: Session): void;
  onGone(session: Session): void;
}
