// uWebSockets.js transport. Broadcasts go through `app.publish` (fan-out in C++); headers and
// the peer address are read in `upgrade`, the only moment the request object is valid.
// User data holds only the connection: uWS v20.30 copies user data's own properties onto
// its per-socket JS object, so every extra field there costs every socket.
import { STATUS_CODES } from "node:http";
import { createServer } from "node:net";
import { UPGRADE_HEADER_TIMEOUT_MS, UWS_MAX_BACKPRESSURE_BYTES, UWS_PAYLOAD_HEADROOM_FACTOR } from "./limits.js";
import {
  type Connection,
  GatewayListenError,
  type SendStatus,
  type TransportHandlers,
  type TransportListenOptions,
  type TransportServer,
  type UpgradeHeaders,
} from "./transport.js";
import { MAX_PAYLOAD_CLOSE_REASON } from "./close-reason.js";
import { applyUwsHeaderDeadline, checkUwsHeaderLimit } from "./uws-http-phase.js";
import { renderRefusal, requestHeadBytes, UPGRADE_STATUS_TEXT, type UpgradeRefusal, validateUpgrade } from "./upgrade-validation.js";
import type { UwsModule } from "./uws-loader.js";

/** uWS idle timeout; automatic pings keep healthy idle peers alive and expose dead ones. */
export const UWS_IDLE_TIMEOUT_S = 120;

// biome-ignore lint: uWS objects are untyped here
type UwsSocket = any;

/** What `upgrade` hands to `open` through uWS; `getUserData()` returns an object carrying `conn`. */
interface UserData {
  conn: UwsConnection;
}

class UwsConnection implements Connection {
  /** The uWS socket, set in `open` (the connection is created in `upgrade`, before it exists). */
  ws: UwsSocket;
  /** Upgrade headers between `upgrade` and `open`, then handed to the core and dropped. */
  headers?: UpgradeHeaders;
  private isClosed = false;
  private gone = false;
  constructor(
    readonly remoteAddress: string,
    headers: UpgradeHeaders,
  ) {
    this.headers = headers;
  }
  get closed(): boolean {
    return this.isClosed;
  }
  send(text: string): SendStatus {
    if (this.isClosed) return "closed";
    let status = 2;
    // Sends from timers or promise callbacks must be corked or uWS warns and writes unbatched.
    this.ws.cork(() => {
      status = this.ws.send(text, false, false);
    });
    return status === 1 ? "sent" : status === 0 ? "buffered" : "dropped";
  }
  bufferedAmount(): number {
    return this.isClosed ? 0 : (this.ws.getBufferedAmount() as number);
  }
  close(code: number, reason: string): void {
    if (this.isClosed) return;
    this.isClosed = true;
    try {
      this.ws.end(code, reason);
    } catch {
      // Already gone on the C++ side: nothing left to close.
    }
  }
  subscribe(topic: string): void {
    if (!this.isClosed) this.ws.subscribe(topic);
  }
  unsubscribe(topic: string): void {
    if (!this.isClosed) this.ws.unsubscribe(topic);
  }
  cork(fn: () => void): void {
    if (this.gone) fn();
    else this.ws.cork(fn);
  }
  terminate(): void {
    this.forceClose();
  }
  forceClose(): void {
    if (this.gone) return;
    this.isClosed = true;
    this.gone = true;
    try {
      this.ws.close();
    } catch {
      // Already closed.
    }
  }
  markClosed(): void {
    this.isClosed = true;
    this.gone = true;
  }
}

/** uWS wants an idle timeout that is 0 or a multiple of 4 between 8 and 960 seconds. */
export function uwsIdleTimeoutSeconds(tickIntervalMs: number): number {
  const needed = Math.max(UWS_IDLE_TIMEOUT_S, Math.ceil((2 * tickIntervalMs) / 1000) + 8);
  if (needed > 960) return 0;
  return Math.ceil(needed / 4) * 4;
}

/** Starts the uWS transport on every host; port 0 resolves on the first host and is reused. */
export async function startUwsTransport(
  uws: UwsModule,
  options: TransportListenOptions & { tickIntervalMs: number },
  handlers: TransportHandlers,
): Promise<TransportServer> {
  if (options.upgradeHeaderTimeoutMs !== UPGRADE_HEADER_TIMEOUT_MS) {
    // uWS v20.30 closes a request head that is not complete after 10 s and JS cannot change
    // that; v20.57 could, but only in 4 s steps: one deadline on every build keeps them alike.
    throw new Error(
      `invalid option upgradeHeaderTimeoutMs: uWebSockets.js has a fixed ${UPGRADE_HEADER_TIMEOUT_MS} ms header deadline; use ${UPGRADE_HEADER_TIMEOUT_MS} or transport "ws"`,
    );
  }
  const headerLimitError = checkUwsHeaderLimit(options.maxUpgradeHeaderBytes);
  if (headerLimitError) throw new Error(headerLimitError);
  const app = uws.App();
  // v20.57 waits 30 s for a request head unless told; v20.30 has our 10 s built in.
  applyUwsHeaderDeadline(app, options.upgradeHeaderTimeoutMs);
  const live = new Set<UwsConnection>();
  const listenSockets: unknown[] = [];
  const boundHosts: string[] = [];
  let port = options.port;
  const maxPayload = options.maxPayloadBytes;

  app.ws("/*", {
    // Above our own limit so that we, not uWS, reject oversize messages: uWS drops the TCP
    // connection without a close frame, we answer 1009 like `ws` does.
    maxPayloadLength: maxPayload * UWS_PAYLOAD_HEADROOM_FACTOR,
    maxBackpressure: UWS_MAX_BACKPRESSURE_BYTES,
    closeOnBackpressureLimit: false,
    compression: uws.DISABLED,
    idleTimeout: uwsIdleTimeoutSeconds(options.tickIntervalMs),
    sendPingsAutomatically: true,
    upgrade: (res: UwsSocket, req: UwsSocket, context: unknown) => {
      const headers: Record<string, string> = {};
      req.forEach((name: string, value: string) => {
        headers[name] = value;
      });
      const remoteAddress = options.intern(Buffer.from(res.getRemoteAddressAsText() as ArrayBuffer).toString("utf8"));
      const refusal = handlers.upgrade(remoteAddress, headers, requestHeadBytes(String(req.getMethod()).toUpperCase(), String(req.getUrl()), headers));
      if (refusal) {
        refuse(res, refusal);
        return;
      }
      // Like upstream's `ws` server: no negotiation, but echo the first offered subprotocol.
      const protocol = (headers["sec-websocket-protocol"] ?? "").split(",")[0]?.trim() ?? "";
      const userData: UserData = { conn: new UwsConnection(remoteAddress, headers) };
      res.upgrade(userData, headers["sec-websocket-key"] ?? "", protocol, headers["sec-websocket-extensions"] ?? "", context);
    },
    open: (ws: UwsSocket) => {
      const conn = (ws.getUserData() as UserData).conn;
      const headers = conn.headers ?? {};
      conn.ws = ws;
      conn.headers = undefined;
      live.add(conn);
      handlers.open(conn, headers);
    },
    message: (ws: UwsSocket, message: ArrayBuffer) => {
      const conn = (ws.getUserData() as UserData).conn;
      if (conn.closed) return;
      if (message.byteLength > maxPayload) {
        conn.close(1009, MAX_PAYLOAD_CLOSE_REASON);
        return;
      }
      // Decoding copies the bytes: the ArrayBuffer is neutered once this callback returns.
      handlers.message(conn, Buffer.from(message).toString("utf8"));
    },
    drain: (ws: UwsSocket) => {
      const conn = (ws.getUserData() as UserData).conn;
      if (!conn.closed) handlers.drain(conn);
    },
    close: (ws: UwsSocket, code: number, message: ArrayBuffer) => {
      const conn = (ws.getUserData() as UserData).conn;
      if (conn.ws === undefined) return; // never opened
      const reason = Buffer.from(message).toString("utf8");
      conn.markClosed();
      live.delete(conn);
      handlers.close(conn, code, reason);
    },
  });

  app.any("/*", (res: UwsSocket, req: UwsSocket) => {
    if (req.getHeader("upgrade") !== "") {
      // An upgrade uWS did not route to `upgrade` (it wants a 24-character key): refused like `ws` does.
      const headers: Record<string, string> = {};
      req.forEach((name: string, value: string) => {
        headers[name] = value;
      });
      const method = String(req.getMethod()).toUpperCase();
      refuse(
        res,
        validateUpgrade(headers, requestHeadBytes(method, String(req.getUrl()), headers), options.maxUpgradeHeaderBytes) ?? {
          status: 400,
          message: "Connection header must include Upgrade",
        },
      );
      return;
    }
    const method = String(req.getMethod()).toUpperCase();
    // getUrl() excludes the query string; getHeader() is valid only inside this callback.
    const reply = handlers.http({ method, path: String(req.getUrl()), header: (name) => String(req.getHeader(name)) });
    res.cork(() => {
      res.writeStatus(`${reply.status} ${STATUS_CODES[reply.status] ?? "Unknown"}`);
      for (const [name, value] of Object.entries(reply.headers)) res.writeHeader(name, value);
      // HEAD: no body (uWS then reports content-length 0; endWithoutBody is not in every build).
      res.end(method === "HEAD" ? "" : reply.body);
    });
  });

  const listenOne = (host: string): unknown =>
    new Promise((resolve) => {
      // Exclusive: without it uSockets sets SO_REUSEPORT and two gateways could share a port.
      app.listen(host, port, uws.LIBUS_LISTEN_EXCLUSIVE_PORT ?? 1, (socket: unknown) => resolve(socket || null));
    });

  const closeAll = (): void => {
    for (const socket of listenSockets) uws.us_listen_socket_close(socket);
    listenSockets.length = 0;
  };

  for (const host of options.hosts) {
    const socket = await listenOne(host);
    if (!socket) {
      closeAll();
      throw await explainListenFailure(host, port);
    }
    listenSockets.push(socket);
    boundHosts.push(host);
    if (port === 0) port = uws.us_socket_local_port(socket) as number;
  }
  for (const host of options.optionalHosts) {
    const socket = await listenOne(host);
    if (socket) {
      listenSockets.push(socket);
      boundHosts.push(host);
    } else {
      options.warn(`optional listener ${host} skipped: ${(await explainListenFailure(host, port)).message}`);
    }
  }

  return {
    kind: "uws",
    port,
    hosts: boundHosts,
    publish: (topic, text) => {
      app.publish(topic, text, false, false);
    },
    cork: (conn, fn) => (conn instanceof UwsConnection ? conn.cork(fn) : fn()),
    async close(graceMs) {
      closeAll();
      const deadline = Date.now() + graceMs;
      while (live.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      for (const conn of [...live]) conn.forceClose();
      if (typeof app.close === "function") app.close();
    },
  };
}

/** Answers a refused upgrade with the same status line, headers and body as the `ws` transport. */
function refuse(res: UwsSocket, refusal: UpgradeRefusal): void {
  const raw = renderRefusal(refusal);
  const body = raw.slice(raw.indexOf("\r\n\r\n") + 4);
  res.cork(() => {
    res.writeStatus(`${refusal.status} ${UPGRADE_STATUS_TEXT[refusal.status]}`);
    if (refusal.status === 400 || refusal.status === 426) res.writeHeader("Sec-WebSocket-Version", "13");
    res.writeHeader("Content-Type", "text/plain; charset=utf-8");
    res.end(body, true);
  });
}

/** uWS reports only "false" on a failed listen; ask the OS what is wrong with host:port. */
async function explainListenFailure(host: string, port: number): Promise<GatewayListenError> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      resolve(new GatewayListenError(host, port, error.code ?? "ELISTEN", error.message));
    });
    probe.listen({ host, port }, () => {
      probe.close(() => resolve(new GatewayListenError(host, port, "ELISTEN", "uWebSockets.js could not listen (reason unknown)")));
    });
  });
}
