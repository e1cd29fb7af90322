// Every limit the gateway enforces, with its unit in the name. Most are the defaults of an
// option of `startGatewayServer` (GatewayServerOptions: tickIntervalMs, handshakeTimeoutMs,
// maxPayloadBytes, maxBufferedBytes, maxInFlightRequests, auth*, maxConnections,
// maxPendingHandshakesPerSource, maxUpgradeHeaderBytes, upgradeHeaderTimeoutMs). The others
// are fixed today, and say so: protocol facts (PROTOCOL_VERSION, MAX_CLOSE_REASON_BYTES), uWS
// internals (UWS_*), and bounds with no option yet (AUTH_KNOWN_SOURCE_MS,
// AUTH_MAX_TRACKED_SOURCES, PRESENCE_TTL_MS, MAX_PRESENCE_ENTRIES, MAX_CLIENT_ID_CHARS,
// MAX_QUEUED_SYSTEM_EVENTS, MAX_SYSTEM_EVENT_SESSIONS, LOGS_TAIL_*,
// STRING_POOL_*). DEFAULT_GATEWAY_PORT is the CLI's default, not a server limit. The CLI lets
// a user set seven of the options in its config under `gateway.limits` (maxConnections,
// maxPendingHandshakesPerSource, maxPayloadBytes, maxBufferedBytes, handshakeTimeoutMs,
// maxInFlightRequests, maxUpgradeHeaderBytes; ranges in @clawd/cli's config-schema.ts); the
// other options are for embedders and tests.

/** Protocol version spoken on the wire (the server never negotiates down). */
export const PROTOCOL_VERSION = 3;
/** Default TCP port of the gateway. */
export const DEFAULT_GATEWAY_PORT = 18789;
/** Largest inbound WebSocket message accepted; larger ones close the socket with 1009. */
export const MAX_PAYLOAD_BYTES = 512 * 1024;
/** Outbound buffer above which a socket is a slow consumer (droppable events skipped). */
export const MAX_BUFFERED_BYTES = 1.5 * 1024 * 1024;
/** Interval of the `tick` liveness event. */
export const TICK_INTERVAL_MS = 30_000;
/** Time a client has from open to a successful `connect`. */
export const HANDSHAKE_TIMEOUT_MS = 10_000;
/** Requests one connection may have running at once; more are refused, not queued. */
export const MAX_IN_FLIGHT_REQUESTS = 32;
/** Failed auth attempts one source (client address + client id) makes before delays start. */
export const AUTH_FREE_FAILURES = 10;
/** How long a failed auth attempt counts against its source. */
export const AUTH_FAILURE_WINDOW_MS = 15 * 60_000;
/** Spacing of a source's checks after its first delayed failure; doubles per further failure. */
export const AUTH_FAILURE_BASE_DELAY_MS = 1000;
/** Longest spacing between two checks of one source (so ≤ 2 guesses/minute at steady state). */
export const AUTH_FAILURE_MAX_DELAY_MS = 30_000;
/** Longest an attempt is held before its check; one due later is refused with retryAfterMs. */
export const AUTH_MAX_WAIT_MS = 5000;
/** Client ids of one address with their own failure counts; more share one count. */
export const AUTH_SOURCES_PER_IP = 16;
/** How long a source that connected with the right secret keeps its own count. */
export const AUTH_KNOWN_SOURCE_MS = 24 * 60 * 60_000;
/** Sources the throttle remembers at most (the stalest is forgotten first). */
export const AUTH_MAX_TRACKED_SOURCES = 10_000;
/** Auth log lines (failures, throttle decisions) written per minute; the rest are counted. */
export const AUTH_LOG_LINES_PER_MINUTE = 60;
/** Open sockets, authenticated or not, beyond which new upgrades get 503. */
export const MAX_CONNECTIONS = 8192;
/** Sockets of one source still in their handshake; one more closes its oldest pending one (1013). */
export const MAX_PENDING_HANDSHAKES_PER_SOURCE = 64;
/** Largest upgrade request head (request line + headers); bigger ones get 431. */
export const MAX_UPGRADE_HEADER_BYTES = 16 * 1024;
/**
 * uWS only: uWS's own request-head limit, set above MAX_UPGRADE_HEADER_BYTES so that our
 * validator, not uWS, answers 431. uWS v20.57 would otherwise stop at 4 KiB with its own 431.
 * Override with the UWS_HTTP_MAX_HEADERS_SIZE environment variable (read when uWS loads).
 */
export const UWS_MAX_HEADER_BYTES = 64 * 1024;
/**
 * Time to send a complete upgrade request head (slowloris guard). uWS v20.30 has this 10 s
 * deadline built in (v20.57 gets it set), with 4 s timer granularity, so this is its only
 * allowed value on uWS.
 */
export const UPGRADE_HEADER_TIMEOUT_MS = 10_000;
/**
 * uWS only: hard per-socket send buffer. uWS silently drops sends above it, so it must exceed
 * the largest response we send; a response that still hits it closes the socket instead.
 */
export const UWS_MAX_BACKPRESSURE_BYTES = 64 * 1024 * 1024;
/**
 * uWS only: uWS drops a socket without a close frame when a message exceeds its own limit, so
 * its limit is set this many times above maxPayloadBytes and we close with 1009 ourselves.
 */
export const UWS_PAYLOAD_HEADROOM_FACTOR = 4;
/** WebSocket close reasons are limited to 123 bytes; we keep a margin like upstream. */
export const MAX_CLOSE_REASON_BYTES = 120;
/** Entries announced through `system-event` expire after this long without an update. */
export const PRESENCE_TTL_MS = 5 * 60_000;
/** Most presence entries kept (oldest announced entries dropped first). */
export const MAX_PRESENCE_ENTRIES = 200;
/** Longest `client.id` accepted, in characters: an id names an app, it is not a payload. */
export const MAX_CLIENT_ID_CHARS = 64;
/** System events (`wake` texts, nodes' exec.* events) kept per session for its next turn, shown by `status` (the original keeps 20). */
export const MAX_QUEUED_SYSTEM_EVENTS = 20;
/** Sessions with queued system events kept at once; the one queued into least recently is dropped first. */
export const MAX_SYSTEM_EVENT_SESSIONS = 1000;
/** `logs.tail` defaults and caps (protocol §4.8). */
export const LOGS_TAIL_DEFAULT_LIMIT_LINES = 500;
export const LOGS_TAIL_MAX_LIMIT_LINES = 5000;
export const LOGS_TAIL_DEFAULT_MAX_BYTES = 250_000;
export const LOGS_TAIL_MAX_BYTES = 1_000_000;
/** Distinct short strings (client versions, platforms, scopes, peer addresses) shared across connections. */
export const STRING_POOL_MAX_ENTRIES = 4096;
/** Longest string the pool shares; longer ones are rare per value and kept as they are. */
export const STRING_POOL_MAX_LENGTH = 128;
