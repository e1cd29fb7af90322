// `ws` transport: one node:http server per host, upgrades handed to a noServer
// WebSocketServer. Topic fan-out is a JS loop over subscribers, with the frame encoded once.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import { MAX_PAYLOAD_CLOSE_REASON } from "./close-reason.js";
import {
  type Connection,
  GatewayListenError,
  type SendStatus,
  type TransportHandlers,
  type TransportListenOptions,
  type TransportServer,
  type UpgradeHeaders,
} from "./transport.js";
import { renderRefusal, requestHeadBytes, validateUpgrade } from "./upgrade-validation.js";

const OPEN = 1;
/** Send options shared by every text send. */
const SEND_TEXT = { binary: false } as const;

class WsConnection implements Connection {
  /** Topics this socket is subscribed to; created on the first subscribe. */
  topics?: Set<string>;
  private isClosed = false;
  /** The write callback of every send: one per connection, not one per message. */
  private readonly afterWrite = (error?: Error | null): void => {
    if (!error) this.handlers.drain(this);
  };
  constructor(
    readonly socket: WebSocket,
    readonly remoteAddress: string,
    private readonly hub: WsTopicHub,
    private readonly handlers: TransportHandlers,
  ) {}
  get closed(): boolean {
    return this.isClosed || this.socket.readyState !== OPEN;
  }
  send(text: string | Buffer): SendStatus {
    if (this.closed) return "closed";
    const before = this.socket.bufferedAmount;
    // The write callback fires once the data left our buffer: that is our drain signal.
    this.socket.send(text, SEND_TEXT, this.afterWrite);
    return before === 0 && this.socket.bufferedAmount === 0 ? "sent" : "buffered";
  }
  bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }
  close(code: number, reason: string): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.hub.removeAll(this);
    this.socket.close(code, reason);
  }
  terminate(): void {
    this.isClosed = true;
    this.hub.removeAll(this);
    this.socket.terminate();
  }
  subscribe(topic: string): void {
    if (this.closed) return;
    this.hub.add(topic, this);
  }
  unsubscribe(topic: string): void {
    this.hub.remove(topic, this);
  }
  markClosed(): void {
    this.isClosed = true;
    this.hub.removeAll(this);
  }
}

class WsTopicHub {
  private readonly topics = new Map<string, Set<WsConnection>>();
  add(topic: string, conn: WsConnection): void {
    let set = this.topics.get(topic);
    if (!set) this.topics.set(topic, (set = new Set()));
    set.add(conn);
    (conn.topics ??= new Set()).add(topic);
  }
  remove(topic: string, conn: WsConnection): void {
    this.topics.get(topic)?.delete(conn);
    conn.topics?.delete(topic);
  }
  removeAll(conn: WsConnection): void {
    if (!conn.topics) return;
    for (const topic of conn.topics) this.topics.get(topic)?.delete(conn);
    conn.topics = undefined;
  }
  publish(topic: string, text: string): void {
    const set = this.topics.get(topic);
    if (!set || set.size === 0) return;
    const bytes = Buffer.from(text, "utf8");
    for (const conn of set) conn.send(bytes);
  }
}

/** Flattens the upgrade request's headers (repeated ones joined with ", "). */
function copyHeaders(req: IncomingMessage): UpgradeHeaders {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function ignoreError(): void {}

/** Headroom of node:http's own head-size cap over ours, so that our check answers first. */
const HTTP_PARSER_HEADER_SLACK_BYTES = 8192;
/** How often node:http checks the header deadline (its default, 30 s, would let sockets linger). */
const HEADER_DEADLINE_CHECK_INTERVAL_MS = 1000;

/**
 * `ws` closes an oversize message with 1009 and no reason; uWS (through us) says why. Same
 * close on both transports: fill in the reason when `ws` gives none.
 */
class GatewayWebSocket extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    super.close(code, code === 1009 && (data === undefined || data.length === 0) ? MAX_PAYLOAD_CLOSE_REASON : data);
  }
}

/** Socket error listener shared by every upgrade: the socket is dead, release it. */
function destroyOnError(this: Socket): void {
  this.destroy();
}

/** Starts the `ws` transport on every host; port 0 resolves on the first host and is reused. */
export async function startWsTransport(options: TransportListenOptions, handlers: TransportHandlers): Promise<TransportServer> {
  const hub = new WsTopicHub();
  const live = new Set<WsConnection>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayloadBytes,
    perMessageDeflate: false,
    clientTracking: false,
    WebSocket: GatewayWebSocket,
  });
  const servers: Server[] = [];
  const boundHosts: string[] = [];
  let port = options.port;

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.headers.upgrade !== undefined) {
      // An upgrade node:http did not hand over (no "Connection: Upgrade"): refused like uWS does.
      const headers = copyHeaders(req);
      const refusal = validateUpgrade(headers, requestHeadBytes(req.method ?? "GET", req.url ?? "/", headers), options.maxUpgradeHeaderBytes) ?? {
        status: 400 as const,
        message: "Connection header must include Upgrade",
      };
      req.socket.end(renderRefusal(refusal));
      return;
    }
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const method = (req.method ?? "GET").toUpperCase();
    const header = (name: string): string => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(", ") : (value ?? "");
    };
    const reply = handlers.http({ method, path, header });
    const body = typeof reply.body === "string" ? Buffer.from(reply.body, "utf8") : reply.body;
    res.writeHead(reply.status, { ...reply.headers, "content-length": body.byteLength });
    res.end(method === "HEAD" ? undefined : body);
  };

  // Listeners live in a function of their own so that they close over the connection only,
  // not over the upgrade request (which would then stay alive as long as the socket).
  const accept = (ws: WebSocket, remoteAddress: string, headers: UpgradeHeaders): void => {
    const conn = new WsConnection(ws, options.intern(remoteAddress), hub, handlers);
    live.add(conn);
    ws.on("message", (data, isBinary) => {
      const text =
        isBinary || typeof data !== "string" ? (Buffer.isBuffer(data) ? data.toString("utf8") : Buffer.concat(data as Buffer[]).toString("utf8")) : data;
      handlers.message(conn, text);
    });
    ws.on("close", (code, reason) => {
      live.delete(conn);
      conn.markClosed();
      handlers.close(conn, code, reason.toString("utf8"));
    });
    // ws closes the socket itself after an error (1009 for oversize, 1002 for bad frames).
    ws.on("error", ignoreError);
    handlers.open(conn, headers);
  };

  const onUpgrade = (req: IncomingMessage, socket: Socket, head: Buffer): void => {
    socket.on("error", destroyOnError);
    const headers = copyHeaders(req);
    const remoteAddress = req.socket.remoteAddress ?? "";
    const refusal = handlers.upgrade(remoteAddress, headers, requestHeadBytes(req.method ?? "GET", req.url ?? "/", headers));
    if (refusal) {
      socket.end(renderRefusal(refusal));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, remoteAddress, headers));
  };

  const listenOne = (host: string): Promise<Server> =>
    new Promise((resolve, reject) => {
      const server = createServer(
        {
          maxHeaderSize: options.maxUpgradeHeaderBytes + HTTP_PARSER_HEADER_SLACK_BYTES,
          headersTimeout: options.upgradeHeaderTimeoutMs,
          requestTimeout: options.upgradeHeaderTimeoutMs,
          connectionsCheckingInterval: Math.min(HEADER_DEADLINE_CHECK_INTERVAL_MS, options.upgradeHeaderTimeoutMs),
        },
        onRequest,
      );
      server.on("upgrade", onUpgrade);
      server.once("error", (error: NodeJS.ErrnoException) => {
        reject(new GatewayListenError(host, port, error.code ?? "ELISTEN", error.message));
      });
      server.listen({ host, port, exclusive: false }, () => {
        server.removeAllListeners("error");
        server.on("error", () => undefined);
        resolve(server);
      });
    });

  try {
    for (const host of options.hosts) {
      const server = await listenOne(host);
      servers.push(server);
      boundHosts.push(host);
      if (port === 0) port = (server.address() as AddressInfo).port;
    }
  } catch (error) {
    for (const server of servers) server.close();
    throw error;
  }
  for (const host of options.optionalHosts) {
    try {
      servers.push(await listenOne(host));
      boundHosts.push(host);
    } catch (error) {
      options.warn(`optional listener ${host} skipped: ${(error as Error).message}`);
    }
  }

  return {
    kind: "ws",
    port,
    hosts: boundHosts,
    publish: (topic, text) => hub.publish(topic, text),
    cork: (_conn, fn) => fn(),
    async close(graceMs) {
      const closed = Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      for (const server of servers) server.closeIdleConnections();
      const deadline = setTimeout(() => {
        for (const conn of live) conn.socket.terminate();
        for (const server of servers) server.closeAllConnections();
      }, graceMs);
      await closed;
      clearTimeout(deadline);
      wss.close();
    },
  };
}
