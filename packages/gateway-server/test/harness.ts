// Test harness: real servers on port 0 and a raw `ws` client that speaks frames by hand.
import { afterEach } from "vitest";
import WebSocket from "ws";
import { type GatewayServer, type GatewayServerOptions, startGatewayServer } from "../src/index.js";
import { loadUws } from "../src/uws-loader.js";

export type TransportName = "uws" | "ws";

/** Both transports; uws only when a binding loads here (the suite name then says it is skipped). */
export const UWS_LOADS = loadUws().ok;
// CI sets CLAWD_EXPECT_TRANSPORT=uws on the Node versions where uWS must load, so a loader
// regression fails every suite loudly instead of quietly skipping the uws half.
if (process.env.CLAWD_EXPECT_TRANSPORT === "uws" && !UWS_LOADS) {
  const result = loadUws();
  throw new Error(
    `CLAWD_EXPECT_TRANSPORT=uws but no uWebSockets.js binding loads on Node ${process.version}: ${result.reasons.map((r) => `${r.candidate}: ${r.reason}`).join("; ")}`,
  );
}
export const TRANSPORTS: TransportName[] = ["uws", "ws"];
export const transportLabel = (t: TransportName): string => (t === "uws" && !UWS_LOADS ? "uws (skipped: no uWebSockets.js binding loads on this machine)" : t);

const servers: GatewayServer[] = [];
const clients: RawClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Starts a gateway on 127.0.0.1:0 with the given transport; closed after each test. */
export async function startServer(transport: TransportName, options: Partial<GatewayServerOptions> = {}): Promise<GatewayServer> {
  const server = await startGatewayServer({ port: 0, transport, ipv6Alias: false, closeGraceMs: 200, ...options });
  servers.push(server);
  return server;
}

export type Frame = Record<string, unknown> & { type: string };

/** A raw WebSocket client that records every frame and the close code/reason. */
export class RawClient {
  readonly frames: Frame[] = [];
  readonly raw: string[] = [];
  closed?: { code: number; reason: string };
  private waiters: (() => void)[] = [];
  readonly opened: Promise<void>;
  constructor(readonly ws: WebSocket) {
    clients.push(this);
    this.opened = new Promise((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    ws.on("error", () => undefined);
    ws.on("message", (data: Buffer) => {
      const text = data.toString("utf8");
      this.raw.push(text);
      this.frames.push(JSON.parse(text) as Frame);
      this.wake();
    });
    ws.on("close", (code: number, reason: Buffer) => {
      this.closed = { code, reason: reason.toString("utf8") };
      this.wake();
    });
  }
  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
  /** Waits until `predicate` holds (checked on every frame/close); fails after `timeoutMs`. */
  async until<T>(predicate: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; frames: ${this.raw.slice(-5).join(" | ")}; closed: ${JSON.stringify(this.closed)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }
  /** The response with `id`, once it arrives. */
  response(id: string): Promise<Frame> {
    return this.until(() => this.frames.find((f) => f.type === "res" && f.id === id), `res ${id}`);
  }
  /** The first event named `event` after index `from`. */
  event(event: string, from = 0): Promise<Frame> {
    return this.until(() => this.frames.slice(from).find((f) => f.type === "event" && f.event === event), `event ${event}`);
  }
  /** The close code and reason, once the socket closed. */
  closeInfo(): Promise<{ code: number; reason: string }> {
    return this.until(() => this.closed, "close");
  }
  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }
  request(id: string, method: string, params?: unknown): Promise<Frame> {
    this.send(params === undefined ? { type: "req", id, method } : { type: "req", id, method, params });
    return this.response(id);
  }
  terminate(): void {
    this.ws.terminate();
  }
}

/** Opens a raw client to the server (waits for the TCP/WS open). */
export async function openClient(server: GatewayServer, options: { headers?: Record<string, string>; host?: string } = {}): Promise<RawClient> {
  const client = new RawClient(
    new WebSocket(`ws://${options.host ?? "127.0.0.1"}:${server.port}/`, { headers: options.headers, maxPayload: 64 * 1024 * 1024 }),
  );
  await client.opened;
  return client;
}

/** Valid ConnectParams, with overrides merged at the top level. */
export function connectParams(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    minProtocol: 3,
    maxProtocol: 3,
    client: { id: "test", version: "1.0.0", platform: "linux", mode: "test" },
    ...overrides,
  };
}

/** Opens a client, answers the challenge with `connect`, and returns it with the hello response. */
export async function connectClient(server: GatewayServer, overrides: Record<string, unknown> = {}): Promise<{ client: RawClient; hello: Frame }> {
  const client = await openClient(server);
  await client.event("connect.challenge");
  const hello = await client.request("c1", "connect", connectParams(overrides));
  return { client, hello };
}
