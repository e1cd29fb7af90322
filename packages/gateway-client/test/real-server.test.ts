// The client against the real @clawd/gateway-server on both transports. The server package is
// not a dependency of the client, so it is imported from its build output; the suite is
// skipped (with the reason in its name) when that build is missing.
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  connectGateway,
  GatewayConnectError,
  GatewayRequestError,
  type EventFrame,
  type GatewayClient,
  type HelloOk,
  type MalformedFrameInfo,
} from "../src/index.js";

const serverDist = fileURLToPath(new URL("../../gateway-server/dist/index.js", import.meta.url));
// tsup writes declarations last: both files present means a complete build.
const SERVER_BUILT = existsSync(serverDist) && existsSync(serverDist.replace(/\.js$/, ".d.ts"));

interface RealServer {
  readonly transport: "uws" | "ws";
  readonly port: number;
  registerMethod(name: string, handler: (params: unknown) => unknown, options?: { scope?: "read" | "write" | "admin" }): void;
  broadcast(event: string, payload: unknown, options?: { dropIfSlow?: boolean }): unknown;
  close(options?: { reason?: string; restartExpectedMs?: number | null }): Promise<void>;
}
type Start = (options: Record<string, unknown>) => Promise<RealServer>;
type Detect = () => { transport: "uws" | "ws"; detail: string };

const servers: RealServer[] = [];
const clients: GatewayClient[] = [];
const malformed: MalformedFrameInfo[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
  // Every frame the real server sent must have passed the client's strict validation.
  expect(malformed.splice(0)).toEqual([]);
});

async function load(): Promise<{ start: Start; detect: Detect }> {
  const mod = (await import(serverDist)) as { startGatewayServer: Start; detectTransport: Detect };
  return { start: mod.startGatewayServer, detect: mod.detectTransport };
}

const uwsLoads = SERVER_BUILT ? (await load()).detect().transport === "uws" : false;
// CI sets CLAWD_EXPECT_TRANSPORT=uws where uWS must load: then a missing build or binding fails loudly, never skips.
if (process.env.CLAWD_EXPECT_TRANSPORT === "uws" && !uwsLoads) {
  throw new Error(
    `CLAWD_EXPECT_TRANSPORT=uws but ${SERVER_BUILT ? `no uWebSockets.js binding loads on Node ${process.version}: ${(await load()).detect().detail}` : "packages/gateway-server/dist is not built"}`,
  );
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe.each(["uws", "ws"] as const)("real gateway server over %s", (transport) => {
  const reason = !SERVER_BUILT
    ? " (skipped: packages/gateway-server/dist is not built)"
    : transport === "uws" && !uwsLoads
      ? " (skipped: no uWS binding loads)"
      : "";
  const run = reason ? describe.skip : describe;

  async function start(options: Record<string, unknown> = {}): Promise<RealServer> {
    const server = await (await load()).start({ port: 0, transport, logger: { debug() {}, info() {}, warn() {}, error() {} }, ...options });
    servers.push(server);
    expect(server.transport).toBe(transport);
    return server;
  }

  async function connect(server: RealServer, options: Partial<Parameters<typeof connectGateway>[0]> = {}): Promise<GatewayClient> {
    const client = await connectGateway({
      url: `ws://127.0.0.1:${server.port}`,
      onMalformedFrame: (info) => malformed.push(info),
      ...options,
    });
    clients.push(client);
    return client;
  }

  run(`client ↔ server${reason}`, () => {
    it("handshakes with a token and calls health", async () => {
      const server = await start({ auth: { mode: "token", token: "tok" }, version: "9.9.9" });
      const client = await connect(server, { token: "tok", clientName: "cli", mode: "cli" });
      expect(client.hello).toMatchObject({ type: "hello-ok", protocol: 3, server: { version: "9.9.9" } });
      expect(client.hello.features?.methods).toContain("health");
      await expect(client.request("health")).resolves.toMatchObject({ ok: true });
    });

    it("rejects a wrong token with the server's message", async () => {
      const server = await start({ auth: { mode: "token", token: "tok" } });
      const error = await connectGateway({ url: `ws://127.0.0.1:${server.port}`, token: "nope" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GatewayConnectError);
      expect((error as GatewayConnectError).message).toMatch(/^gateway rejected the connection: unauthorized/);
      expect((error as GatewayConnectError).code).toBe("INVALID_REQUEST");
    });

    it("maps unknown methods and throwing handlers to GatewayRequestError", async () => {
      const server = await start();
      server.registerMethod("boom", () => {
        throw new Error("handler exploded");
      });
      const client = await connect(server);
      const unknown = await client.request("no.such.method").catch((e: unknown) => e);
      expect(unknown).toBeInstanceOf(GatewayRequestError);
      expect(unknown).toMatchObject({ code: "INVALID_REQUEST", message: "unknown method: no.such.method" });
      await expect(client.request("boom")).rejects.toMatchObject({ code: "UNAVAILABLE" });
    });

    it("receives broadcast events in seq order without gaps, and registered methods answer", async () => {
      const server = await start();
      server.registerMethod("echo", (params) => params, { scope: "read" });
      const gaps: unknown[] = [];
      const client = await connect(server, { onGap: (g) => gaps.push(g) });
      await expect(client.request("echo", { n: 1 })).resolves.toEqual({ n: 1 });
      const got: EventFrame[] = [];
      const all = new Promise<void>((resolve) =>
        client.on("bench.test", (_p, frame) => {
          got.push(frame);
          if (got.length === 50) resolve();
        }),
      );
      for (let i = 0; i < 50; i++) server.broadcast("bench.test", { i });
      await all;
      expect(got.map((f) => (f.payload as { i: number }).i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      const seqs = got.map((f) => f.seq as number);
      expect(seqs.every((s, i) => i === 0 || s === (seqs[i - 1] as number) + 1)).toBe(true);
      expect(gaps).toEqual([]);
    });

    it("keeps the tick watchdog satisfied with the server's ticks", async () => {
      // 500 ms, not less: the watchdog closes after two missed ticks, and a loaded 2-core
      // machine stalls the event loop for longer than 2 × 40 ms (this failed twice at load ~15).
      const server = await start({ tickIntervalMs: 500 });
      const closes: unknown[] = [];
      const client = await connect(server, { onClose: (code, reason) => closes.push([code, reason]) });
      expect(client.hello.policy?.tickIntervalMs).toBe(500);
      let ticks = 0;
      await new Promise<void>((resolve) => client.on("tick", () => ++ticks === 3 && resolve()));
      await expect(client.request("health")).resolves.toMatchObject({ ok: true });
      expect(closes).toEqual([]);
    });

    it("sees shutdown and 1012, then reconnects to a restarted server on the same port", async () => {
      const port = await freePort();
      const first = await start({ port });
      const shutdown: unknown[] = [];
      let closed: (info: [number, string]) => void = () => {};
      const closedOnce = new Promise<[number, string]>((r) => (closed = r));
      let reconnected: (hello: HelloOk) => void = () => {};
      const client = await connect(first, {
        reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
        onClose: (code, reason) => closed([code, reason]),
        onReconnect: (hello) => reconnected(hello),
      });
      client.on("shutdown", (payload) => shutdown.push(payload));
      const again = new Promise<HelloOk>((r) => (reconnected = r));
      await first.close({ reason: "gateway restarting", restartExpectedMs: 30 });
      servers.splice(servers.indexOf(first), 1);
      expect(await closedOnce).toEqual([1012, "service restart"]);
      expect(shutdown).toEqual([{ reason: "gateway restarting", restartExpectedMs: 30 }]);
      await start({ port });
      const hello = await again;
      expect(hello.type).toBe("hello-ok");
      await expect(client.request("health")).resolves.toMatchObject({ ok: true });
    });
  });
});
