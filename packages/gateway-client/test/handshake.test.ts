// connectGateway's handshake against a real `ws` server speaking the protocol.
import { describe, expect, it } from "vitest";
import { WebSocket as WsWebSocket, WebSocketServer } from "ws";
import { connectGateway, GatewayConnectError, type GatewayClientOptions } from "../src/index.js";
import { connect, gateway } from "./fixtures/harness.js";
import { MiniGateway } from "./fixtures/mini-gateway.js";

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

  it("reports a refused connection as refused", async () => {
    const gw = await MiniGateway.start();
    const url = gw.url;
    await gw.close();
    const error = await connectGateway({ url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayConnectError);
    // `ws` (Node 20) names the refusal; the standard WebSocket (Node 22+, browsers) cannot.
    const why = globalThis.WebSocket ? "connection refused or not a WebSocket endpoint" : "connection refused";
    expect((error as Error).message).toBe(`could not connect to ${url}: ${why} — is the gateway running?`);
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
      const why = globalThis.WebSocket ? "connection refused or not a WebSocket endpoint" : "Unexpected server response: 401";
      expect((error as Error).message).toBe(`could not connect to ${url}: ${why} — is the gateway running?`);
    } finally {
      await new Promise((r) => wss.close(r));
    }
  });

  it("refuses bad options before touching the network", async () => {
    await expect(connectGateway({ url: "http://127.0.0.1:1" })).rejects.toThrow(/must start with ws:\/\/ or wss:\/\//);
    await expect(connectGateway({ url: "ws://127.0.0.1:1", clientName: "ios node!" })).rejects.toThrow(/clientName "ios node!"/);
    await expect(connectGateway({ url: "ws://127.0.0.1:1", mode: "operator" })).rejects.toThrow(/mode "operator"/);
  });

  it("prefers the global WebSocket when the runtime has one (browsers, Node 22+)", async () => {
    const gw = await gateway();
    const used: string[] = [];
    class RecordingWebSocket extends WsWebSocket {
      constructor(url: string) {
        super(url);
        used.push(url);
      }
    }
    const g = globalThis as { WebSocket?: unknown };
    g.WebSocket = RecordingWebSocket;
    try {
      const client = await connect(gw);
      await expect(client.request("health")).resolves.toMatchObject({ ok: true });
      expect(used).toEqual([gw.url]);
    } finally {
      delete g.WebSocket;
    }
  });

  it("works with an injected WHATWG-style WebSocket constructor", async () => {
    const gw = await gateway();
    const client = await connect(gw, { WebSocket: WsWebSocket as unknown as GatewayClientOptions["WebSocket"] });
    await expect(client.request("echo", { a: 1 })).resolves.toEqual({ a: 1 });
  });
});
