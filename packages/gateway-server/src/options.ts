// Options of startGatewayServer and their defaults. Every limit has a named default in limits.ts.
import type { GatewayAuthOptions } from "./auth.js";
import {
  AUTH_FAILURE_BASE_DELAY_MS, AUTH_FAILURE_MAX_DELAY_MS, AUTH_FAILURE_WINDOW_MS, AUTH_FREE_FAILURES, AUTH_LOG_LINES_PER_MINUTE, AUTH_MAX_WAIT_MS,
  AUTH_SOURCES_PER_IP, HANDSHAKE_TIMEOUT_MS, MAX_BUFFERED_BYTES, MAX_CONNECTIONS, MAX_IN_FLIGHT_REQUESTS, MAX_PAYLOAD_BYTES,
  MAX_PENDING_HANDSHAKES_PER_SOURCE, MAX_UPGRADE_HEADER_BYTES, TICK_INTERVAL_MS, UPGRADE_HEADER_TIMEOUT_MS,
} from "./limits.js";

/** Log sink; the default writes nothing (the CLI passes its own logger). */
export interface GatewayLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * The Tailscale identity hook: `tailnetAddress` is the client the Tailscale proxy forwarded
 * (for `tailscale whois`); it returns the verified login, or null to reject the request.
 */
export type VerifyIdentity = (headers: Record<string, string>, tailnetAddress: string) => Promise<{ login: string; name?: string } | null>;

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
  stateDir?: string;
  logger?: GatewayLogger;
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
  /** How long close() waits for clients to answer the close frame before cutting them off. */
  closeGraceMs?: number;
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

/** A logger that discards everything. */
export const silentLogger: GatewayLogger = { debug() {}, info() {}, warn() {}, error() {} };
