// One socket's life: open, challenge → connect → hello-ok, requests, events, tick watchdog,
// close. Reconnecting is the client's job (client.ts); a connection never comes back.
import { describeClose, describeOpenFailure, socketErrorCode } from "./close-reason.js";
import type { ConnectParams } from "./connect-params.js";
import { type DeviceSigner, signConnect } from "./device-signer.js";
import { GatewayConnectError, GatewayProtocolError, GatewayRequestError } from "./errors.js";
import { encodeRequest, type EventFrame, type HelloOk } from "./frames.js";
import { parseFrame, parseHelloOk, tickIntervalOf } from "./parse-frame.js";
import { PendingRequests } from "./pending-requests.js";
import { trackSeq, type SeqGap } from "./seq-gap.js";
import { DEFAULT_TICK_INTERVAL_MS, TICK_TIMEOUT_INTERVALS } from "./limits.js";
import { READY_STATE_OPEN, type OpenSocket, type WebSocketLike } from "./websocket-factory.js";

/** A frame that failed validation and was dropped. */
export interface MalformedFrameInfo {
  reason: string;
  /** The response id, when it could still be read (its request is rejected). */
  id?: string;
  /** Malformed frames seen by this client so far, this one included. */
  count: number;
}

/** Everything one connection needs; the client fills it from its options. */
export interface ConnectionSettings {
  url: string;
  openSocket: OpenSocket;
  connectParams: ConnectParams;
  timeoutMs: number;
  challengeWaitMs: number;
  closeTimeoutMs: number;
  tickWatchdog: boolean;
  signal?: AbortSignal;
  /** Sign the connect as this device. */
  device?: DeviceSigner;
  onEvent(frame: EventFrame): void;
  onMalformed(reason: string, id: string | undefined): void;
  onGap(gap: SeqGap): void;
  /** Called once when an established connection ends (not for failed connects). */
  onClosed(code: number, reason: string): void;
}

/** An established, handshaken connection. */
export interface Connection {
  readonly hello: HelloOk;
  readonly isOpen: boolean;
  request(method: string, params: unknown, timeoutMs: number, expectFinal: boolean): Promise<unknown>;
  /** Closes the socket (pending requests reject with `pendingError`); resolves once closed. */
  close(pendingError: Error): Promise<void>;
}

/** Browsers and undici refuse 1008 from script; 4008 is the browser client's stand-in. */
const POLICY_CLOSE_FALLBACK = 4008;

function decode(data: unknown): string {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    return new TextDecoder().decode(data as ArrayBuffer);
  }
  return String(data);
}

/** Opens a socket and completes the handshake; rejects with {@link GatewayConnectError}. */
export function openConnection(s: ConnectionSettings): Promise<Connection> {
  return new Promise<Connection>((resolveOpen, rejectOpen) => {
    const pending = new PendingRequests();
    let socket: WebSocketLike;
    let opened = false;
    let connectSent = false;
    let hello: HelloOk | undefined;
    let closed = false;
    let closeResolvers: Array<() => void> = [];
    let failure: GatewayConnectError | undefined;
    let localClose: { code: number; reason: string } | undefined;
    let pendingError: Error | undefined;
    let lastError: unknown;
    let lastSeq: number | null = null;
    let challengeTimer: ReturnType<typeof setTimeout> | undefined;
    let tickTimer: ReturnType<typeof setTimeout> | undefined;
    let closeTimer: ReturnType<typeof setTimeout> | undefined;
    let tickTimeoutMs = 0;

    const connectTimer = setTimeout(() => {
      const stage = opened ? "no hello-ok from the gateway" : "the socket did not open";
      fail(new GatewayConnectError(`gateway connect timeout after ${s.timeoutMs}ms (${s.url}): ${stage}`), 1000, "connect timeout");
    }, s.timeoutMs);

    const onAbort = (): void => fail(new GatewayConnectError("gateway client closed"), 1000, "client closed");
    if (s.signal?.aborted) {
      clearTimeout(connectTimer);
      rejectOpen(new GatewayConnectError("gateway client closed"));
      return;
    }
    s.signal?.addEventListener("abort", onAbort, { once: true });

    try {
      socket = s.openSocket(s.url);
      socket.binaryType = "arraybuffer";
    } catch (error) {
      clearTimeout(connectTimer);
      s.signal?.removeEventListener("abort", onAbort);
      const why = error instanceof Error ? error.message : String(error);
      rejectOpen(new GatewayConnectError(`invalid gateway URL ${JSON.stringify(s.url)}: ${why}`));
      return;
    }

    function closeSocket(code: number, reason: string): void {
      if (closed || localClose) return;
      localClose = { code, reason };
      try {
        socket.close(code, reason);
      } catch {
        try {
          socket.close(code === 1008 ? POLICY_CLOSE_FALLBACK : 1000, reason);
        } catch {
          // Already closing; the close event follows.
        }
      }
      // A peer that never answers the closing handshake must not keep close() waiting.
      closeTimer = setTimeout(() => {
        if (socket.terminate) socket.terminate();
        else onSocketClose(code, reason);
      }, s.closeTimeoutMs);
    }

    /** Ends a connection that never became established; rejects once the socket is closed. */
    function fail(error: GatewayConnectError, code: number, reason: string): void {
      if (hello || failure) return;
      failure = error;
      if (closed) finishFailed(undefined, undefined);
      else closeSocket(code, reason);
    }

    function finishFailed(code: number | undefined, reason: string | undefined): void {
      clearTimeout(connectTimer);
      s.signal?.removeEventListener("abort", onAbort);
      let error = failure;
      if (!error) {
        if (!opened) {
          const errorMessage = lastError instanceof Error ? lastError.message : undefined;
          error = new GatewayConnectError(describeOpenFailure(s.url, { errorCode: socketErrorCode(lastError), errorMessage, closeCode: code }));
        } else {
          error = new GatewayConnectError(`${describeClose(code ?? 1006, reason ?? "")} during the handshake with ${s.url}`);
        }
      }
      const info = { closeCode: code ?? error.closeCode, closeReason: reason ?? error.closeReason, code: error.code, details: error.details };
      rejectOpen(new GatewayConnectError(error.message, info));
    }

    function sendConnect(nonce?: string): void {
      if (connectSent || closed || localClose) return;
      connectSent = true;
      clearTimeout(challengeTimer);
      if (!s.device) return sendConnectParams(s.connectParams);
      signConnect(s.device, s.connectParams, nonce, Date.now()).then(
        (device) => sendConnectParams({ ...s.connectParams, device }),
        (error: unknown) =>
          fail(
            new GatewayConnectError(`cannot sign the connect as device ${s.device?.id}: ${error instanceof Error ? error.message : String(error)}`),
            1000,
            "connect failed",
          ),
      );
    }

    function sendConnectParams(params: ConnectParams): void {
      if (closed || localClose) return;
      const id = globalThis.crypto.randomUUID();
      pending.add(id, "connect", Infinity).then(onHello, (error: unknown) => {
        if (GatewayRequestError.isInstance(error)) {
          const err = new GatewayConnectError(`gateway rejected the connection: ${error.message}`, {
            code: error.code,
            details: error.details,
          });
          fail(err, 1008, "connect failed");
        } else if (GatewayProtocolError.isInstance(error)) {
          fail(new GatewayConnectError(`gateway sent a malformed hello: ${error.reason}`), 1008, "connect failed");
        }
        // Otherwise the socket closed first and finishFailed reports it.
      });
      send(encodeRequest(id, "connect", params), id);
    }

    function onHello(payload: unknown): void {
      const parsed = parseHelloOk(payload);
      if (typeof parsed === "string") {
        fail(new GatewayConnectError(`gateway sent an unexpected connect response: ${parsed}`), 1008, "connect failed");
        return;
      }
      if (closed || localClose) return;
      hello = parsed;
      clearTimeout(connectTimer);
      s.signal?.removeEventListener("abort", onAbort);
      tickTimeoutMs = TICK_TIMEOUT_INTERVALS * tickIntervalOf(parsed, DEFAULT_TICK_INTERVAL_MS);
      armTickWatchdog();
      resolveOpen(connection);
    }

    function armTickWatchdog(): void {
      if (!s.tickWatchdog) return;
      clearTimeout(tickTimer);
      tickTimer = setTimeout(() => closeSocket(4000, "tick timeout"), tickTimeoutMs);
    }

    function send(text: string, id: string): void {
      try {
        socket.send(text);
      } catch (error) {
        pending.fail(id, new GatewayConnectError(`gateway send failed: ${error instanceof Error ? error.message : String(error)}`));
      }
    }

    function onMessage(data: unknown): void {
      const parsed = parseFrame(decode(data));
      if (parsed.kind === "malformed") {
        s.onMalformed(parsed.reason, parsed.id);
        if (parsed.id !== undefined) {
          const method = pending.methodOf(parsed.id);
          if (method !== undefined) pending.fail(parsed.id, new GatewayProtocolError(method, parsed.reason));
        }
        return;
      }
      if (parsed.kind === "res") {
        pending.settle(parsed.frame);
        return;
      }
      const frame = parsed.frame;
      if (frame.event === "connect.challenge") {
        const nonce = (frame.payload as { nonce?: unknown } | undefined)?.nonce;
        if (!connectSent) sendConnect(typeof nonce === "string" ? nonce : undefined);
        return;
      }
      if (!hello) return; // nothing but the challenge is meaningful before hello-ok
      const step = trackSeq(lastSeq, frame.seq);
      lastSeq = step.lastSeq;
      if (step.gap) s.onGap(step.gap);
      if (frame.event === "tick") armTickWatchdog();
      s.onEvent(frame);
    }

    function onSocketClose(eventCode: number, eventReason: string): void {
      if (closed) return;
      closed = true;
      clearTimeout(challengeTimer);
      clearTimeout(tickTimer);
      clearTimeout(closeTimer);
      // When we closed it, report our code: the peer's echo may be missing (1006) or altered.
      const code = localClose?.code ?? eventCode;
      const reason = localClose?.reason ?? eventReason;
      pending.failAll(() => pendingError ?? new GatewayConnectError(describeClose(code, reason), { closeCode: code, closeReason: reason }));
      for (const done of closeResolvers) done();
      closeResolvers = [];
      if (hello) s.onClosed(code, reason);
      else finishFailed(code, reason);
    }

    socket.addEventListener("open", () => {
      opened = true;
      challengeTimer = setTimeout(() => sendConnect(), s.challengeWaitMs);
    });
    socket.addEventListener("message", (event: { data: unknown }) => onMessage(event.data));
    socket.addEventListener("error", (event: { error?: unknown; message?: string }) => {
      lastError = event.error ?? event;
      // Node 22's global WebSocket (undici) reports a failed open with `error` alone and never
      // fires `close`; an error before `open` therefore ends this socket (a later `close` is ignored).
      if (!opened) setTimeout(() => onSocketClose(1006, ""), 0);
    });
    socket.addEventListener("close", (event: { code: number; reason: string }) => onSocketClose(event.code, event.reason));

    const connection: Connection = {
      get hello() {
        return hello as HelloOk;
      },
      get isOpen() {
        return !closed && !localClose && socket.readyState === READY_STATE_OPEN;
      },
      request(method, params, timeoutMs, expectFinal) {
        if (!connection.isOpen) {
          return Promise.reject(new GatewayConnectError(`gateway not connected (${s.url}); cannot send ${method}`));
        }
        const id = globalThis.crypto.randomUUID();
        const result = pending.add(id, method, timeoutMs, expectFinal);
        send(encodeRequest(id, method, params), id);
        return result;
      },
      close(error) {
        if (closed) return Promise.resolve();
        pendingError ??= error;
        pending.failAll(() => error);
        return new Promise<void>((resolve) => {
          closeResolvers.push(resolve);
          closeSocket(1000, "client closed");
        });
      },
    };
  });
}
