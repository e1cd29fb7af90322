// The public client: options, event listeners, and reconnecting with backoff over
// one-shot connections (connection.ts).
import { reconnectDelayMs, type BackoffOptions } from "./backoff.js";
import { assertValidIdentity, buildConnectParams, currentPlatform, type ConnectIdentity } from "./connect-params.js";
import { openConnection, type Connection, type MalformedFrameInfo } from "./connection.js";
import { GatewayConnectError } from "./errors.js";
import type { DeviceSigner } from "./device-signer.js";
import type { EventFrame, HelloOk } from "./frames.js";
import { CHALLENGE_WAIT_MS, CLOSE_TIMEOUT_MS, CONNECT_TIMEOUT_MS, MAX_INBOUND_PAYLOAD_BYTES, REQUEST_TIMEOUT_MS } from "./limits.js";
import type { SeqGap } from "./seq-gap.js";
import { resolveOpenSocket, type WebSocketConstructorLike } from "./websocket-factory.js";

/** Options of {@link connectGateway}. Limits default to the constants in limits.ts. */
export interface GatewayClientOptions extends ConnectIdentity {
  /** `ws://host:port` or `wss://…` of the gateway. */
  url: string;
  /** Budget for opening the socket and completing the handshake, in ms (default 10000). */
  timeoutMs?: number;
  /** Default timeout of each request, in ms (default 10000); `Infinity` disables it. */
  requestTimeoutMs?: number;
  /** How long to wait for `connect.challenge` before sending `connect` anyway, in ms (default 750). */
  challengeWaitMs?: number;
  /** How long `close()` waits for the closing handshake, in ms (default 2000). */
  closeTimeoutMs?: number;
  /** Largest inbound message in bytes when the `ws` package is used (default 25 MiB). */
  maxPayloadBytes?: number;
  /** Close with 4000 "tick timeout" after 2 × tickIntervalMs without a tick (default true). */
  tickWatchdog?: boolean;
  /** Reconnect after an established connection is lost (default false). */
  reconnect?: boolean | BackoffOptions;
  /** A WebSocket constructor to use instead of the global one or `ws`. */
  WebSocket?: WebSocketConstructorLike;
  /** Events were missed: `received` arrived when `expected` was next. */
  onGap?(info: SeqGap): void;
  /** The connection closed (each time, also before a reconnect). */
  onClose?(code: number, reason: string): void;
  /** A reconnect completed a new handshake; `hello` is the new hello-ok. */
  onReconnect?(hello: HelloOk): void;
  /** A reconnect is scheduled after `delayMs`; `error` is why the previous attempt failed. */
  onReconnecting?(info: { attempt: number; delayMs: number; error?: GatewayConnectError }): void;
  /** An inbound frame failed validation and was dropped. */
  onMalformedFrame?(info: MalformedFrameInfo): void;
  /** Connect as this device (signed over the challenge nonce); see `@clawd/gateway-client/device`. */
  device?: DeviceSigner;
  /** The gateway handed this device a token (`hello-ok.auth`): store it and send it as `token` next time. */
  onDeviceToken?(auth: { deviceToken: string; role: string; scopes: string[]; issuedAtMs: number }): void;
}

/** Options of one request. */
export interface RequestOptions {
  /** Timeout in ms (default: the client's `requestTimeoutMs`). */
  timeoutMs?: number;
  /** Keep waiting after a `{status:"accepted"}` payload for the final response. */
  expectFinal?: boolean;
}

/** Listener of one event name, or of every event with `"*"`. */
export type EventListener = (payload: unknown, frame: EventFrame) => void;

/** A connected gateway client. */
export interface GatewayClient {
  /** The hello-ok of the current connection (updated on reconnect). */
  readonly hello: HelloOk;
  /** Calls `method`; resolves with the response payload, rejects with a Gateway*Error. */
  request<T = unknown>(method: string, params?: unknown, options?: RequestOptions): Promise<T>;
  /** Subscribes to an event (`"*"` for all); returns the unsubscribe function. */
  on(event: string, fn: EventListener): () => void;
  /** Stops reconnecting, rejects pending requests, closes the socket; resolves once closed. */
  close(): Promise<void>;
}

function validateUrl(url: string): void {
  if (!/^wss?:\/\//i.test(url)) {
    throw new TypeError(`gateway URL must start with ws:// or wss:// (got ${JSON.stringify(url)}), e.g. ws://127.0.0.1:18789`);
  }
}

/** Connects to a gateway and completes the protocol v3 handshake. */
export async function connectGateway(options: GatewayClientOptions): Promise<GatewayClient> {
  validateUrl(options.url);
  assertValidIdentity(options);
  const openSocket = await resolveOpenSocket(options.WebSocket, options.maxPayloadBytes ?? MAX_INBOUND_PAYLOAD_BYTES);
  const listeners = new Map<string, Set<EventListener>>();
  const backoff: BackoffOptions | undefined = options.reconnect === true ? {} : options.reconnect ? options.reconnect : undefined;
  const requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  let malformedCount = 0;
  let userClosed = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let reconnectAbort: AbortController | undefined;
  let reconnecting: Promise<unknown> | undefined;
  let restartHintMs: number | undefined;

  const emit = (frame: EventFrame): void => {
    if (frame.event === "shutdown") {
      const ms = (frame.payload as { restartExpectedMs?: unknown } | undefined)?.restartExpectedMs;
      restartHintMs = typeof ms === "number" && ms >= 0 ? ms : undefined;
    }
    for (const name of [frame.event, "*"]) {
      for (const fn of [...(listeners.get(name) ?? [])]) {
        try {
          fn(frame.payload, frame);
        } catch (error) {
          // One failing listener must not starve the others; surface it like an uncaught error.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    }
  };

  const open = (signal?: AbortSignal): Promise<Connection> =>
    openConnection({
      url: options.url,
      openSocket,
      connectParams: buildConnectParams(options, currentPlatform()),
      timeoutMs: options.timeoutMs ?? CONNECT_TIMEOUT_MS,
      challengeWaitMs: options.challengeWaitMs ?? CHALLENGE_WAIT_MS,
      closeTimeoutMs: options.closeTimeoutMs ?? CLOSE_TIMEOUT_MS,
      tickWatchdog: options.tickWatchdog ?? true,
      ...(signal ? { signal } : {}),
      ...(options.device ? { device: options.device } : {}),
      onEvent: emit,
      onGap: (gap) => options.onGap?.(gap),
      onMalformed: (reason, id) => {
        malformedCount++;
        options.onMalformedFrame?.(id === undefined ? { reason, count: malformedCount } : { reason, id, count: malformedCount });
      },
      onClosed: (code, reason) => {
        options.onClose?.(code, reason);
        if (!userClosed && backoff) scheduleReconnect(0);
      },
    });

  const scheduleReconnect = (attempt: number, error?: GatewayConnectError): void => {
    const hint = attempt === 0 ? restartHintMs : undefined;
    restartHintMs = undefined;
    const delayMs = hint ?? reconnectDelayMs(attempt, backoff);
    options.onReconnecting?.(error ? { attempt, delayMs, error } : { attempt, delayMs });
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      reconnectAbort = new AbortController();
      reconnecting = open(reconnectAbort.signal).then(
        (conn) => {
          reconnectAbort = undefined;
          current = conn;
          reportDeviceToken(conn.hello);
          options.onReconnect?.(conn.hello);
        },
        (err: unknown) => {
          reconnectAbort = undefined;
          if (userClosed) return;
          const connectError = GatewayConnectError.isInstance(err) ? err : new GatewayConnectError(String(err));
          scheduleReconnect(attempt + 1, connectError);
        },
      );
    }, delayMs);
    // A pending reconnect alone should not keep a Node process alive.
    (reconnectTimer as { unref?: () => void }).unref?.();
  };

  const reportDeviceToken = (hello: HelloOk): void => {
    const auth = hello.auth as { deviceToken?: unknown; role?: unknown; scopes?: unknown; issuedAtMs?: unknown } | undefined;
    if (!auth || typeof auth.deviceToken !== "string" || typeof auth.role !== "string") return;
    options.onDeviceToken?.({
      deviceToken: auth.deviceToken,
      role: auth.role,
      scopes: Array.isArray(auth.scopes) ? (auth.scopes as string[]) : [],
      issuedAtMs: typeof auth.issuedAtMs === "number" ? auth.issuedAtMs : 0,
    });
  };
  let current = await open();
  reportDeviceToken(current.hello);
  let closing: Promise<void> | undefined;

  return {
    get hello() {
      return current.hello;
    },
    request<T>(method: string, params?: unknown, requestOptions: RequestOptions = {}): Promise<T> {
      if (userClosed) return Promise.reject(new GatewayConnectError("gateway client closed"));
      const timeoutMs = requestOptions.timeoutMs ?? requestTimeoutMs;
      return current.request(method, params, timeoutMs, requestOptions.expectFinal ?? false) as Promise<T>;
    },
    on(event, fn) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(fn);
      return () => {
        set.delete(fn);
      };
    },
    close() {
      if (closing) return closing;
      userClosed = true;
      clearTimeout(reconnectTimer);
      reconnectAbort?.abort();
      // An aborted reconnect attempt settles once its socket is closed; wait for it too.
      closing = Promise.all([current.close(new GatewayConnectError("gateway client closed")), reconnecting]).then(() => {});
      return closing;
    },
  };
}
