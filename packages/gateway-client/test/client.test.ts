// connectGateway against a real `ws` server speaking the protocol (test/fixtures/mini-gateway.ts).
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket as WsWebSocket, WebSocketServer } from "ws";
import {
  connectGateway,
  GatewayConnectError,
  GatewayProtocolError,
  GatewayRequestError,
  GatewayTimeoutError,
  type EventFrame,
  type GatewayClient,
  type GatewayClientOptions,
  type MalformedFrameInfo,
} from "../src/index.js";
import { MiniGateway, type MiniGatewayOptions } from "./fixtures/mini-gateway.js";

const gateways: MiniGateway[] = [];
const clients: GatewayClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(gateways.splice(0).map((g) => g.close()));
});

async function gateway(options: MiniGatewayOptions = {}): Promise<MiniGateway> {
  const gw = await MiniGateway.start(options);
  gateways.push(gw);
  return gw;
}

async function connect(gw: MiniGateway, options: Partial<GatewayClientOptions> = {}): Promise<GatewayClient> {
  const client = await connectGateway({ url: gw.url, ...options });
  clients.push(client);
  return client;
}

function nextEvent(client: GatewayClient, name: string): Promise<EventFrame> {
  return new Promise((resolve) => {
    const off = client.on(name, (_payload, frame) => {
      off();
      resolve(frame);
    });
  });
}

describe("handshake", () => {
  it("answers the challenge with valid ConnectParams and exposes hello-ok", async () => {
    const gw = await gateway({ token: "s3cret" });
    const client = await connect(gw, { token: "s3cret", clientName: "cli", mode: "cli", instanceId: "abc" });
    expect(client.hello.type).toBe("hello-ok");
    expect(client.hello.server?.version).toBe("mini");
    const connectReq = await gw.waitForRequest("connect");
    expect(connectReq.params).toEqual({
      minProtocol: 3,
      maxProtocol: 3,
      client: { id: "cli", version: "dev", platform: process.platform, mode: "cli", instanceId: "abc" },
      role: "operator",
      scopes: ["operator.admin"],
      auth: { token: "s3cret" },
    });
  });

  it("sends connect after challengeWaitMs when the server sends no challenge", async () => {
    const gw = await gateway({ challenge: false });
    const client = await connect(gw, { challengeWaitMs: 30 });
    expect(client.hello.protocol).toBe(3);
  });

  it("rejects a wrong token with the server's message, and closes 1008 connect failed", async () => {
    const gw = await gateway({ token: "right" });
    const error = await connectGateway({ url: gw.url, token: "wrong" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayConnectError);
    expect(error).toMatchObject({
      message: "gateway rejected the connection: unauthorized: gateway token mismatch",
      code: "INVALID_REQUEST",
      closeCode: 1008,
      closeReason: "connect failed",
    });
    await gw.waitForCloses(1);
    expect(gw.clients.size).toBe(0);
  });

  it("reports a refused connection with the command that starts the gateway", async () => {
    const gw = await MiniGateway.start();
    const url = gw.url;
    await gw.close();
    const error = await connectGateway({ url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayConnectError);
    expect((error as Error).message).toBe(
      `could not connect to ${url}: connection refused — is the gateway running? Start it with: clawd gateway`,
    );
  });

  it("times out a handshake the server never answers", async () => {
    const gw = await gateway({ silentHandshake: true });
    const error = await connectGateway({ url: gw.url, timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayConnectError);
    expect((error as Error).message).toBe(`gateway connect timeout after 200ms (${gw.url}): no hello-ok from the gateway`);
    await gw.waitForCloses(1);
  });

  it("rejects a connect response that is not hello-ok", async () => {
    const gw = await gateway({ badHello: true });
    const error = await connectGateway({ url: gw.url }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('gateway sent an unexpected connect response: expected payload.type "hello-ok", got "hello-nope"');
  });

  it("explains a server that is not a gateway (HTTP 404 on upgrade)", async () => {
    const wss = new WebSocketServer({ port: 0, host: "127.0.0.1", verifyClient: () => false });
    await new Promise((r) => wss.once("listening", r));
    const url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
    try {
      const error = await connectGateway({ url }).catch((e: unknown) => e);
      expect((error as Error).message).toBe(`could not connect to ${url}: Unexpected server response: 401 — is the gateway running? Start it with: clawd gateway`);
    } finally {
      await new Promise((r) => wss.close(r));
    }
  });

  it("refuses bad options before touching the network", async () => {
    await expect(connectGateway({ url: "http://127.0.0.1:1" })).rejects.toThrow(/must start with ws:\/\/ or wss:\/\//);
    await expect(connectGateway({ url: "ws://127.0.0.1:1", clientName: "ios-node" })).rejects.toThrow(/clientName "ios-node"/);
    await expect(connectGateway({ url: "ws://127.0.0.1:1", mode: "operator" })).rejects.toThrow(/mode "operator"/);
  });

  it("works with an injected WHATWG-style WebSocket constructor", async () => {
    const gw = await gateway();
    const client = await connect(gw, { WebSocket: WsWebSocket as unknown as GatewayClientOptions["WebSocket"] });
    await expect(client.request("echo", { a: 1 })).resolves.toEqual({ a: 1 });
  });
});

describe("requests", () => {
  it("resolves payloads and leaves params out when undefined", async () => {
    const gw = await gateway();
    const client = await connect(gw);
    await expect(client.request("health")).resolves.toMatchObject({ ok: true });
    expect((await gw.waitForRequest("health")).params).toBeUndefined();
    await expect(client.request("echo", { x: [1, "two"] })).resolves.toEqual({ x: [1, "two"] });
  });

  it("runs many requests concurrently on one socket", async () => {
    const gw = await gateway();
    const client = await connect(gw);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => client.request("echo", i)));
    expect(results).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it("rejects ok:false responses with GatewayRequestError fields", async () => {
    const gw = await gateway();
    const client = await connect(gw);
    const error = await client.request("fail").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayRequestError);
    expect(error).toMatchObject({
      code: "UNAVAILABLE",
      message: "health refresh failed",
      details: { why: "test" },
      retryable: true,
      retryAfterMs: 250,
    });
    await expect(client.request("nope")).rejects.toMatchObject({ code: "INVALID_REQUEST", message: "unknown method: nope" });
  });

  it("times out a request the server never answers, per request and by default", async () => {
    const gw = await gateway();
    const client = await connect(gw, { requestTimeoutMs: 60 });
    const perRequest = await client.request("never", undefined, { timeoutMs: 40 }).catch((e: unknown) => e);
    expect(perRequest).toBeInstanceOf(GatewayTimeoutError);
    expect((perRequest as Error).message).toBe("gateway timeout after 40ms (never)");
    await expect(client.request("never")).rejects.toThrow("gateway timeout after 60ms (never)");
    await expect(client.request("health")).resolves.toMatchObject({ ok: true });
  });

  it("waits past an accepted payload with expectFinal", async () => {
    const gw = await gateway();
    const client = await connect(gw);
    await expect(client.request("accepted-then-final", {}, { expectFinal: true })).resolves.toEqual({ status: "ok", result: 42 });
    await expect(client.request("accepted-then-final")).resolves.toEqual({ status: "accepted" });
  });
});

describe("malformed frames", () => {
  it("rejects the request whose response is malformed, and reports it", async () => {
    const gw = await gateway();
    const seen: MalformedFrameInfo[] = [];
    const client = await connect(gw, { onMalformedFrame: (info) => seen.push(info) });
    const error = await client.request("malformed-res").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayProtocolError);
    expect((error as Error).message).toBe("gateway sent a malformed response to malformed-res: res has unexpected property 'extra'");
    await expect(client.request("malformed-error")).rejects.toThrow("res.error is not an object");
    expect(seen.map((s) => s.count)).toEqual([1, 2]);
    expect(seen[0]?.id).toEqual(expect.any(String));
  });

  it("drops malformed events, counts them, and keeps delivering valid ones", async () => {
    const gw = await gateway();
    const seen: MalformedFrameInfo[] = [];
    const client = await connect(gw, { onMalformedFrame: (info) => seen.push(info) });
    const events: unknown[] = [];
    client.on("*", (payload) => events.push(payload));
    const done = nextEvent(client, "done");
    gw.sendRaw("not json");
    gw.sendRaw(JSON.stringify({ type: "event", event: "x", seq: -1 }));
    gw.sendRaw(JSON.stringify({ type: "event", event: "x", extra: 1 }));
    gw.sendRaw(JSON.stringify({ type: "res", ok: true }));
    gw.sendRaw(JSON.stringify({ type: "event", event: "done", payload: "ok" }));
    await done;
    expect(events).toEqual(["ok"]);
    expect(seen.map((s) => s.reason)).toEqual([
      "not valid JSON",
      "event.seq is not an integer >= 0",
      "event has unexpected property 'extra'",
      "res.id is not a non-empty string",
    ]);
    expect(seen.at(-1)?.count).toBe(4);
  });
});

describe("events", () => {
  it("delivers by name and to '*', and stops after unsubscribe", async () => {
    const gw = await gateway();
    const client = await connect(gw);
    const named: unknown[] = [];
    const all: string[] = [];
    const off = client.on("presence", (payload) => named.push(payload));
    client.on("*", (_p, frame) => all.push(frame.event));
    const second = nextEvent(client, "marker");
    gw.broadcast("presence", { n: 1 });
    gw.broadcast("marker", {});
    await second;
    off();
    const third = nextEvent(client, "marker");
    gw.broadcast("presence", { n: 2 });
    gw.broadcast("marker", {});
    await third;
    expect(named).toEqual([{ n: 1 }]);
    expect(all).toEqual(["presence", "marker", "presence", "marker"]);
  });

  it("decodes binary frames as UTF-8 JSON", async () => {
    const gw = await gateway();
    const client = await connect(gw);
    const got = nextEvent(client, "bin");
    for (const ws of gw.clients) ws.send(Buffer.from(JSON.stringify({ type: "event", event: "bin", payload: "é" })), { binary: true });
    expect((await got).payload).toBe("é");
  });

  it("reports seq gaps with expected and received", async () => {
    const gw = await gateway();
    const gaps: Array<{ expected: number; received: number }> = [];
    const client = await connect(gw, { onGap: (g) => gaps.push(g) });
    const last = nextEvent(client, "last");
    gw.broadcast("a", 1); // seq 1
    gw.broadcast("b", 2, 2); // seq 4: 2 and 3 missed
    gw.broadcast("last", 3); // seq 5
    await last;
    expect(gaps).toEqual([{ expected: 2, received: 4 }]);
  });

  it("keeps running other listeners when one throws", async () => {
    const gw = await gateway();
    const client = await connect(gw);
    const errors: unknown[] = [];
    const onUncaught = (e: unknown): void => void errors.push(e);
    process.on("uncaughtException", onUncaught);
    try {
      client.on("e", () => {
        throw new Error("listener bug");
      });
      const got = nextEvent(client, "e");
      gw.broadcast("e", 1);
      expect((await got).payload).toBe(1);
      await new Promise((r) => setTimeout(r, 0));
      expect(errors).toEqual([new Error("listener bug")]);
    } finally {
      process.off("uncaughtException", onUncaught);
    }
  });
});

describe("tick watchdog", () => {
  it("closes 4000 'tick timeout' when ticks stop, failing pending requests", async () => {
    const gw = await gateway({ tickIntervalMs: 50 });
    const closes: Array<[number, string]> = [];
    const client = await connect(gw, { onClose: (code, reason) => closes.push([code, reason]) });
    const pending = client.request("never", undefined, { timeoutMs: 30_000 }).catch((e: unknown) => e);
    const error = await pending;
    expect(error).toBeInstanceOf(GatewayConnectError);
    expect((error as Error).message).toBe("gateway closed (4000): tick timeout");
    expect(closes).toEqual([[4000, "tick timeout"]]);
    await gw.waitForCloses(1);
    expect(gw.closes[0]).toEqual({ code: 4000, reason: "tick timeout" });
  });

  it("stays connected while ticks arrive", async () => {
    const gw = await gateway({ tickIntervalMs: 40, autoTick: true });
    const client = await connect(gw);
    let ticks = 0;
    await new Promise<void>((resolve) => client.on("tick", () => ++ticks === 8 && resolve()));
    await expect(client.request("health")).resolves.toMatchObject({ ok: true });
    expect(gw.closes).toEqual([]);
  });

  it("can be turned off", async () => {
    const gw = await gateway({ tickIntervalMs: 20 });
    const client = await connect(gw, { tickWatchdog: false });
    await new Promise((r) => setTimeout(r, 150));
    await expect(client.request("health")).resolves.toMatchObject({ ok: true });
  });
});

describe("close", () => {
  it("rejects pending requests with 'gateway client closed' and resolves once closed", async () => {
    const gw = await gateway();
    const client = await connect(gw);
    const pending = client.request("never").catch((e: unknown) => e);
    await gw.waitForRequest("never");
    await client.close();
    expect(await pending).toEqual(new GatewayConnectError("gateway client closed"));
    await expect(client.request("health")).rejects.toThrow("gateway client closed");
    await gw.waitForCloses(1);
    expect(gw.closes[0]).toEqual({ code: 1000, reason: "client closed" });
    await client.close(); // idempotent
  });

  it("fails pending requests with the server's close code and reason", async () => {
    const gw = await gateway();
    const client = await connect(gw);
    const pending = client.request("never");
    await gw.waitForRequest("never");
    gw.closeAll(1012, "service restart");
    // The hint is left out when the reason already says it.
    await expect(pending).rejects.toThrow("gateway closed (1012): service restart");
    await expect(client.request("health")).rejects.toThrow(/gateway not connected/);
  });
});
