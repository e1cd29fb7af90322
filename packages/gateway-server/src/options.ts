// Options of startGatewayServer and their defaults. Every limit has a named default in limits.ts.
import type { GatewayAuthOptions } from "./auth.js";
import type { HttpRoute } from "./http-route.js";
import type { SessionDefaults } from "./hello.js";
import type { WakeRequest } from "./wake.js";
import {
  AUTH_FAILURE_BASE_DELAY_MS,
  AUTH_FAILURE_MAX_DELAY_MS,
  AUTH_FAILURE_WINDOW_MS,
  AUTH_FREE_FAILURES,
  AUTH_LOG_LINES_PER_MINUTE,
  AUTH_MAX_WAIT_MS,
  AUTH_SOURCES_PER_IP,
  HANDSHAKE_TIMEOUT_MS,
  MAX_BUFFERED_BYTES,
  MAX_CLIENT_ID_CHARS,
  MAX_CONNECTIONS,
  MAX_IN_FLIGHT_REQUESTS,
  MAX_PAYLOAD_BYTES,
  MAX_PENDING_HANDSHAKES_PER_SOURCE,
  MAX_UPGRADE_HEADER_BYTES,
  TICK_INTERVAL_MS,
  UPGRADE_HEADER_TIMEOUT_MS,
} from "./limits.js";

/**
 * The facts of one log line as fields (`event`, `conn`, `ip`, `method`, `durationMs`…), for sinks
 * that write structured records (`clawd gateway run --log-format json`); the message says the
 * same in words. Never a secret: only codes, ids, addresses, names and numbers.
 */
export type LogFields = Readonly<Record<string, string | number | boolean>>;

/**
 * Log sink; the default writes nothing (the CLI passes its own logger). Each line comes with its
 * fields as an optional second argument: a logger that takes only the message keeps working.
 */
export interface GatewayLogger {
  /** When true the server also logs every connection, handshake and request at debug level; otherwise those lines are never even formatted. */
  readonly verbose?: boolean | undefined;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * The Tailscale identity hook: `tailnetAddress` is the client the Tailscale proxy forwarded
 * (for `tailscale whois`); it returns the verified login, or null to reject the request.
 */
export type VerifyIdentity = (headers: Record<string, string>, tailnetAddress: string) => Promise<{ login: string; name?: string } | null>;

/** Device nodes (gateway.nodes.* in the CLI's config). */
export interface GatewayNodesOptions {
  /** Pair local direct (loopback, unproxied) devices without asking. Default true. */
  autoApproveLocal?: boolean;
  /** Commands allowed on top of the platform defaults. */
  allowCommands?: string[];
  /** Commands never allowed. */
  denyCommands?: string[];
  /** node.invoke timeout when the caller gives none (default NODE_INVOKE_TIMEOUT_MS). */
  invokeTimeoutMs?: number;
  /** Longest node.invoke timeout a caller may ask for (default NODE_INVOKE_MAX_TIMEOUT_MS). */
  invokeMaxTimeoutMs?: number;
  /** How long a retried idempotency key returns the first attempt (default NODE_INVOKE_IDEMPOTENCY_WINDOW_MS). */
  idempotencyWindowMs?: number;
  /** Most idempotency keys remembered (default NODE_INVOKE_IDEMPOTENCY_MAX_KEYS). */
  idempotencyMaxKeys?: number;
  /** exec.approval.request wait when the caller gives none (default EXEC_APPROVAL_TIMEOUT_MS). */
  execApprovalTimeoutMs?: number;
  /** Most approval requests waiting at once (default MAX_PENDING_EXEC_APPROVALS). */
  maxPendingExecApprovals?: number;
  /** How long a pairing request stays pending (default DEVICE_PAIRING_PENDING_TTL_MS). */
  pairingPendingTtlMs?: number;
  /** Most pairing requests pending at once (default MAX_PENDING_PAIRING_REQUESTS). */
  maxPendingPairingRequests?: number;
  /** Largest clock difference accepted in a device signature (default DEVICE_SIGNATURE_SKEW_MS). */
  deviceSignatureSkewMs?: number;
  /** Called for each `node.event` a node sends (exec.finished, exec.denied, …), after exec events were queued as system events. */
  onNodeEvent?: (nodeId: string, event: string, payloadJSON: string | null) => void;
}

export interface GatewayServerOptions {
  /** TCP port; 0 picks a free one (read it back from `server.port`). */
  port: number;
  /** Hosts to listen on, default ["127.0.0.1"]; non-loopback ones are refused when auth.mode is "none". */
  hosts?: string[];
  /** Also listen on ::1 when 127.0.0.1 is listed (warns, never fails, when it cannot). Default true. */
  ipv6Alias?: boolean;
  auth?: GatewayAuthOptions;
  verifyIdentity?: VerifyIdentity;
  /** Proxies (addresses or CIDR ranges) whose X-Forwarded-For/X-Real-IP/Tailscale headers count. Default none. */
  trustedProxies?: string[];
  /** Trust a loopback peer for the Tailscale identity headers only (`tailscale serve|funnel` proxies from loopback). */
  tailscaleProxy?: boolean;
  /** "auto" (default) uses uWebSockets.js when a binding loads, else `ws`. Env CLAWD_TRANSPORT overrides auto. */
  transport?: "auto" | "uws" | "ws";
  /** Reported as hello-ok server.version and by /healthz. Default "dev". */
  version?: string;
  /** File read by `logs.tail`. */
  logFile?: string;
  configPath?: string;
  /** Pairing state lives in `<stateDir>/devices/`; without it pairing is kept in memory only. */
  stateDir?: string;
  nodes?: GatewayNodesOptions;
  logger?: GatewayLogger;
  /** Answers HTTP GET/HEAD requests other than /healthz (e.g. @clawd/dashboard at `/`); none → 404. */
  httpRoute?: HttpRoute;
  tickIntervalMs?: number;
  handshakeTimeoutMs?: number;
  maxPayloadBytes?: number;
  maxBufferedBytes?: number;
  maxInFlightRequests?: number;
  /** Failed auth attempts per source (address + client id) before delays start. */
  authFreeFailures?: number;
  authFailureWindowMs?: number;
  authFailureBaseDelayMs?: number;
  authFailureMaxDelayMs?: number;
  authMaxWaitMs?: number;
  authSourcesPerIp?: number;
  authLogLinesPerMinute?: number;
  maxConnections?: number;
  maxPendingHandshakesPerSource?: number;
  maxUpgradeHeaderBytes?: number;
  /** Deadline for a complete upgrade request head; only 10000 on uWS (built in). */
  upgradeHeaderTimeoutMs?: number;
  /** Longest `client.id` accepted, in characters; default MAX_CLIENT_ID_CHARS. */
  maxClientIdChars?: number;
  /** How long close() waits for clients to answer the close frame before cutting them off. */
  closeGraceMs?: number;
  /** hello-ok `snapshot.sessionDefaults`; default DEFAULT_SESSION_DEFAULTS (agent "main"). */
  sessionDefaults?: SessionDefaults;
  /** Called for each accepted `wake` (the text is also queued and shown by `status`), and with `reason: "exec-event"` when a node's exec event was queued (run a heartbeat now). */
  onWake?: (request: WakeRequest) => void;
  /** Called for each `set-heartbeats` (the switch is also shown by `status`). */
  onSetHeartbeats?: (enabled: boolean) => void;
  /** Most `wake` texts kept for `status`; default MAX_QUEUED_SYSTEM_EVENTS. */
  maxQueuedSystemEvents?: number;
}

/** Limits after defaults are applied. */
export interface ResolvedLimits {
  tickIntervalMs: number;
  handshakeTimeoutMs: number;
  maxPayloadBytes: number;
  maxBufferedBytes: number;
  maxInFlightRequests: number;
  authFreeFailures: number;
  authFailureWindowMs: number;
  authFailureBaseDelayMs: number;
  authFailureMaxDelayMs: number;
  authMaxWaitMs: number;
  authSourcesPerIp: number;
  authLogLinesPerMinute: number;
  maxConnections: number;
  maxPendingHandshakesPerSource: number;
  maxUpgradeHeaderBytes: number;
  upgradeHeaderTimeoutMs: number;
  maxClientIdChars: number;
  closeGraceMs: number;
}

/** Time close() gives clients to answer the 1012 close frame. */
export const CLOSE_GRACE_MS = 1000;

/** Limits for which 0 means "none" (no grace, no free failures, never hold an attempt). */
const ZERO_ALLOWED = new Set(["closeGraceMs", "authFreeFailures", "authMaxWaitMs"]);

/** Applies defaults and rejects limits that are not positive integers, naming the option. */
export function resolveLimits(options: GatewayServerOptions): ResolvedLimits {
  const limits: ResolvedLimits = {
    tickIntervalMs: options.tickIntervalMs ?? TICK_INTERVAL_MS,
    handshakeTimeoutMs: options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS,
    maxPayloadBytes: options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES,
    maxBufferedBytes: options.maxBufferedBytes ?? MAX_BUFFERED_BYTES,
    maxInFlightRequests: options.maxInFlightRequests ?? MAX_IN_FLIGHT_REQUESTS,
    authFreeFailures: options.authFreeFailures ?? AUTH_FREE_FAILURES,
    authFailureWindowMs: options.authFailureWindowMs ?? AUTH_FAILURE_WINDOW_MS,
    authFailureBaseDelayMs: options.authFailureBaseDelayMs ?? AUTH_FAILURE_BASE_DELAY_MS,
    authFailureMaxDelayMs: options.authFailureMaxDelayMs ?? AUTH_FAILURE_MAX_DELAY_MS,
    authMaxWaitMs: options.authMaxWaitMs ?? AUTH_MAX_WAIT_MS,
    authSourcesPerIp: options.authSourcesPerIp ?? AUTH_SOURCES_PER_IP,
    authLogLinesPerMinute: options.authLogLinesPerMinute ?? AUTH_LOG_LINES_PER_MINUTE,
    maxConnections: options.maxConnections ?? MAX_CONNECTIONS,
    maxPendingHandshakesPerSource: options.maxPendingHandshakesPerSource ?? MAX_PENDING_HANDSHAKES_PER_SOURCE,
    maxUpgradeHeaderBytes: options.maxUpgradeHeaderBytes ?? MAX_UPGRADE_HEADER_BYTES,
    upgradeHeaderTimeoutMs: options.upgradeHeaderTimeoutMs ?? UPGRADE_HEADER_TIMEOUT_MS,
    maxClientIdChars: options.maxClientIdChars ?? MAX_CLIENT_ID_CHARS,
    closeGraceMs: options.closeGraceMs ?? CLOSE_GRACE_MS,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < (ZERO_ALLOWED.has(name) ? 0 : 1)) {
      throw new Error(`invalid option ${name}: expected a positive integer, got ${String(value)}`);
    }
  }
  if (options.port !== 0 && (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535)) {
    throw new Error(`invalid option port: expected 0..65535, got ${String(options.port)}`);
  }
  return limits;
}

const NODES_NUMERIC_OPTIONS = [
  "invokeTimeoutMs",
  "invokeMaxTimeoutMs",
  "idempotencyWindowMs",
  "idempotencyMaxKeys",
  "pairingPendingTtlMs",
  "deviceSignatureSkewMs",
  "execApprovalTimeoutMs",
  "maxPendingExecApprovals",
  "maxPendingPairingRequests",
] as const;

/** Rejects a `nodes` limit that is not a positive integer, naming the option. */
export function assertNodesOptions(nodes: GatewayNodesOptions | undefined): void {
  for (const name of NODES_NUMERIC_OPTIONS) {
    const value = nodes?.[name];
    if (value !== undefined && (!Number.isInteger(value) || value < 1))
      throw new Error(`invalid option nodes.${name}: expected a positive integer, got ${String(value)}`);
  }
}

/** A logger that discards everything. */
export const silentLogger: GatewayLogger = { debug() {}, info() {}, warn() {}, error() {} };
