// Every limit the client enforces, with its unit in the name. Each one has an option.

/** Protocol version this client speaks (sent as both minProtocol and maxProtocol). */
export const PROTOCOL_VERSION = 3;

/** Default budget for opening the socket and completing the handshake (`timeoutMs`). */
export const CONNECT_TIMEOUT_MS = 10_000;

/** Default per-request timeout (`requestTimeoutMs`, or `request(…, { timeoutMs })`). */
export const REQUEST_TIMEOUT_MS = 10_000;

/** How long to wait for `connect.challenge` before sending `connect` anyway (`challengeWaitMs`). */
export const CHALLENGE_WAIT_MS = 750;

/** First reconnect delay (`reconnect.initialDelayMs`); doubles on each failed attempt. */
export const RECONNECT_INITIAL_DELAY_MS = 1_000;

/** Cap on the reconnect delay (`reconnect.maxDelayMs`). */
export const RECONNECT_MAX_DELAY_MS = 30_000;

/** Tick interval assumed when hello-ok carries no `policy.tickIntervalMs`. */
export const DEFAULT_TICK_INTERVAL_MS = 30_000;

/** The watchdog closes the socket after this many tick intervals without a tick. */
export const TICK_TIMEOUT_INTERVALS = 2;

/** Largest inbound message accepted when the `ws` package is used (`maxPayloadBytes`). */
export const MAX_INBOUND_PAYLOAD_BYTES = 25 * 1024 * 1024;

/** How long `close()` waits for the closing handshake before dropping the socket (`closeTimeoutMs`). */
export const CLOSE_TIMEOUT_MS = 2_000;
