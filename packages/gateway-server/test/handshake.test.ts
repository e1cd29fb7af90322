import { describe, expect, it } from "vitest";
import { connectClient, connectParams, openClient, startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "./harness.js";
import { readFileSync } from "node:fs";
import "./unhandled.js";
import type { LogFields } from "../src/index.js";

/** Polls `check` until it holds (a deadline only to fail with a message instead of hanging). */
async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// The original Control UI's connect as Chromium recorded it (device block left out: its
// signature answers the recorded challenge, not ours; the live UI is in the CLI compat suite).
const CONTROL_UI_CONNECT = JSON.parse(readFileSync(new URL("./fixtures/control-ui-connect.json", import.meta.url), "utf8")) as Record<string, unknown>;

describe.each(TRANSPORTS)("handshake over %s", (transport) => {
  const run = transport === "uws" && !UWS_LOADS ? describe.skip : describe;
  run(transportLabel(transport), () => {
    it("sends connect.challenge with exactly {nonce, ts} and no seq", async () => {
      const server = await startServer(transport);
      const client = await openClient(server);
      const challenge = await client.event("connect.challenge");
      expect(Object.keys(challenge).sort()).toEqual(["event", "payload", "type"]);
      const payload = challenge.payload as Record<string, unknown>;
      expect(Object.keys(payload).sort()).toEqual(["nonce", "ts"]);
      expect(payload.nonce).toMatch(/^[0-9a-f-]{36}$/);
      expect(typeof payload.ts).toBe("number");
    });

    it("answers connect with a hello-ok of the exact required shape", async () => {
      const server = await startServer(transport, { version: "9.9.9", configPath: "/tmp/clawd.json", stateDir: "/tmp/state" });
      const { hello, client } = await connectClient(server);
      expect(Object.keys(hello).sort()).toEqual(["id", "ok", "payload", "type"]);
      expect(hello).toMatchObject({ type: "res", id: "c1", ok: true });
      const payload = hello.payload as Record<string, any>;
      expect(Object.keys(payload).sort()).toEqual(["features", "policy", "protocol", "server", "snapshot", "type"]);
      expect(payload.type).toBe("hello-ok");
      expect(payload.protocol).toBe(3);
      expect(Object.keys(payload.server).sort()).toEqual(["connId", "host", "version"]);
      expect(payload.server.version).toBe("9.9.9");
      expect(payload.features.methods).toEqual(
        expect.arrayContaining([
          "health",
          "status",
          "system-presence",
          "last-heartbeat",
          "system-event",
          "wake",
          "set-heartbeats",
          "logs.tail",
          "device.pair.list",
          "node.invoke",
          "node.invoke.result",
        ]),
      );
      expect(payload.features.events).toContain("connect.challenge");
      expect(Object.keys(payload.snapshot).sort()).toEqual(["configPath", "health", "presence", "sessionDefaults", "stateDir", "stateVersion", "uptimeMs"]);
      expect(payload.snapshot.sessionDefaults).toEqual({ defaultAgentId: "main", mainKey: "main", mainSessionKey: "agent:main:main", scope: "per-sender" });
      expect(Object.keys(payload.snapshot.stateVersion).sort()).toEqual(["health", "presence"]);
      expect(payload.snapshot.presence[0]).toMatchObject({ mode: "gateway", reason: "self" });
      expect(payload.policy).toEqual({ maxPayload: 524288, maxBufferedBytes: 1572864, tickIntervalMs: 30000 });
      expect(payload.auth).toBeUndefined();
      // The socket stays usable after hello.
      expect((await client.request("h", "health")).ok).toBe(true);
    });

    it("echoes request ids exactly, unicode included", async () => {
      const server = await startServer(transport);
      const { client } = await connectClient(server);
      const id = "ïd-✓-😀";
      expect((await client.request(id, "health")).id).toBe(id);
    });

    it("accepts a connect sent as a binary frame (decoded as UTF-8 like upstream)", async () => {
      const server = await startServer(transport);
      const client = await openClient(server);
      client.ws.send(Buffer.from(JSON.stringify({ type: "req", id: "b", method: "connect", params: connectParams() })), { binary: true });
      expect((await client.response("b")).ok).toBe(true);
    });

    it("rejects a protocol range without 3 with 1002 and details.expectedProtocol", async () => {
      const server = await startServer(transport);
      const { client, hello } = await connectClient(server, { minProtocol: 4, maxProtocol: 5 });
      expect(hello).toEqual({
        type: "res",
        id: "c1",
        ok: false,
        error: { code: "INVALID_REQUEST", message: "protocol mismatch", details: { expectedProtocol: 3 } },
      });
      expect(await client.closeInfo()).toEqual({ code: 1002, reason: "protocol mismatch" });
    });

    it("names the offending field when connect params are invalid", async () => {
      const server = await startServer(transport);
      const { client, hello } = await connectClient(server, { client: { id: "no such app!", version: "1", platform: "x", mode: "test" } });
      const error = (hello as any).error;
      expect(Object.keys(error).sort()).toEqual(["code", "message"]);
      expect(error.message).toMatch(/^invalid connect params: at \/client\/id: must start with a letter or digit/);
      const closed = await client.closeInfo();
      expect(closed.code).toBe(1008);
      expect(Buffer.byteLength(closed.reason)).toBeLessThanOrEqual(120);
      expect(closed.reason.startsWith("invalid connect params")).toBe(true);
    });

    it("accepts the original Control UI's recorded connect (client.id clawdbot-control-ui)", async () => {
      const server = await startServer(transport, { auth: { mode: "token", token: "testtoken" } });
      const { client, hello } = await connectClient(server, CONTROL_UI_CONNECT);
      expect(hello).toMatchObject({ ok: true, payload: { type: "hello-ok" } });
      expect((await client.request("p", "system-presence")).ok).toBe(true);
    });

    it("maxClientIdChars bounds client.id (the option overrides MAX_CLIENT_ID_CHARS)", async () => {
      const server = await startServer(transport, { maxClientIdChars: 8 });
      const { hello } = await connectClient(server, { client: { id: "clawdbot-control-ui", version: "1", platform: "x", mode: "webchat" } });
      expect((hello as any).error.message).toBe("invalid connect params: at /client/id: must be at most 8 characters");
      expect((await connectClient(server, { client: { id: "cli", version: "1", platform: "x", mode: "cli" } })).hello.ok).toBe(true);
    });

    it("reports an unexpected property in connect params", async () => {
      const server = await startServer(transport);
      const { hello } = await connectClient(server, { bogus: 1 });
      expect((hello as any).error.message).toContain("at /bogus: unexpected property");
    });

    it("closes 1008 when the first request is not connect", async () => {
      const server = await startServer(transport);
      const client = await openClient(server);
      const res = await client.request("x", "health");
      expect(res).toEqual({ type: "res", id: "x", ok: false, error: { code: "INVALID_REQUEST", message: "invalid handshake: first request must be connect" } });
      expect(await client.closeInfo()).toEqual({ code: 1008, reason: "invalid handshake: first request must be connect" });
    });

    it("closes 1008 with a reason on malformed JSON before hello, without replying", async () => {
      const server = await startServer(transport);
      const client = await openClient(server);
      client.send("{not json");
      expect(await client.closeInfo()).toEqual({ code: 1008, reason: "invalid request frame: malformed JSON" });
      expect(client.frames.filter((f) => f.type === "res")).toEqual([]);
    });

    it("closes 1008 when the first frame is JSON but not a request", async () => {
      const server = await startServer(transport);
      const client = await openClient(server);
      client.send({ type: "req", id: "1", method: "connect", extra: true });
      const closed = await client.closeInfo();
      expect(closed).toEqual({ code: 1008, reason: "invalid request frame: unexpected property 'extra'" });
    });

    it('closes 1008 "handshake timeout" when no connect arrives in time', async () => {
      const server = await startServer(transport, { handshakeTimeoutMs: 150 });
      const client = await openClient(server);
      expect(await client.closeInfo()).toEqual({ code: 1008, reason: "handshake timeout" });
      expect(server.stats().handshakeTimeouts).toBe(1);
    });

    it("a verbose logger gets one debug line per refused or timed-out handshake (conn, ip, close code, reason), with the same facts as fields", async () => {
      const lines: string[] = [];
      const fields: LogFields[] = [];
      const logger = {
        verbose: true,
        debug: (m: string, f?: LogFields) => {
          lines.push(m);
          if (f) fields.push(f);
        },
        info: () => undefined,
        warn: () => undefined,
        error: () => undefined,
      };
      const server = await startServer(transport, { logger, handshakeTimeoutMs: 300 });
      const bad = await openClient(server);
      bad.send("{not json");
      await bad.closeInfo();
      const silent = await openClient(server);
      await silent.closeInfo();
      expect(lines.filter((m) => m.startsWith("gateway handshake"))).toEqual([
        expect.stringMatching(/^gateway handshake refused: conn=\S+ ip=127\.0\.0\.1 closed \(1008\): invalid request frame: malformed JSON$/),
        expect.stringMatching(/^gateway handshake timeout: conn=\S+ ip=127\.0\.0\.1 closed \(1008\) after 300ms$/),
      ]);
      expect(fields.filter((f) => String(f.event).startsWith("handshake"))).toEqual([
        { event: "handshake_refused", conn: expect.any(String), ip: "127.0.0.1", closeCode: 1008, reason: "invalid request frame: malformed JSON" },
        { event: "handshake_timeout", conn: expect.any(String), ip: "127.0.0.1", closeCode: 1008, timeoutMs: 300 },
      ]);
    });

    it("a verbose logger gets connect, request (ok and error code) and disconnect fields", async () => {
      const fields: LogFields[] = [];
      const logger = {
        verbose: true,
        debug: (_m: string, f?: LogFields) => void (f && fields.push(f)),
        info: () => undefined,
        warn: () => undefined,
        error: () => undefined,
      };
      const server = await startServer(transport, { logger });
      const { client } = await connectClient(server, { client: { id: "webchat-ui", version: "1", platform: "test", mode: "webchat" } });
      expect((await client.request("h", "health")).ok).toBe(true);
      expect((await client.request("x", "no.such.method")).ok).toBe(false);
      client.ws.close();
      await waitFor(() => fields.some((f) => f.event === "disconnect"), "the disconnect line");
      const conn = fields.find((f) => f.event === "connect")?.conn;
      expect(fields).toEqual([
        { event: "connect", conn: expect.any(String), ip: "127.0.0.1", clientId: "webchat-ui", mode: "webchat", role: "operator", auth: "none" },
        { event: "request", conn, method: "health", ok: true, durationMs: expect.any(Number) },
        { event: "request", conn, method: "no.such.method", ok: false, errorCode: "INVALID_REQUEST", durationMs: expect.any(Number) },
        { event: "disconnect", conn, ip: "127.0.0.1" },
      ]);
    });

    it("answers a second connect with an error and keeps the socket open", async () => {
      const server = await startServer(transport);
      const { client } = await connectClient(server);
      const again = await client.request("c2", "connect", connectParams());
      expect(again).toEqual({ type: "res", id: "c2", ok: false, error: { code: "INVALID_REQUEST", message: "connect is only valid as the first request" } });
      expect((await client.request("h", "health")).ok).toBe(true);
    });

    it("processes requests sent before hello-ok after the handshake (no second-handshake race)", async () => {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const server = await startServer(transport, {
        auth: { mode: "token", token: "t" },
        verifyIdentity: async () => {
          await gate;
          return null;
        },
      });
      const client = await openClient(server, { headers: { "tailscale-user-login": "a@b", "x-forwarded-for": "100.64.0.1" } });
      await client.event("connect.challenge");
      client.send({ type: "req", id: "c", method: "connect", params: connectParams({ auth: { token: "t" } }) });
      client.send({ type: "req", id: "early", method: "health" });
      release();
      expect((await client.response("c")).ok).toBe(true);
      expect((await client.response("early")).ok).toBe(true);
    });

    it("rejects an oversize frame (> maxPayloadBytes) with 1009", async () => {
      const server = await startServer(transport);
      const { client } = await connectClient(server);
      client.send({ type: "req", id: "big", method: "health", params: { pad: "x".repeat(600 * 1024) } });
      const closed = await client.closeInfo();
      expect(closed.code).toBe(1009);
      expect(client.frames.find((f) => f.id === "big")).toBeUndefined();
    });

    it("accepts a frame just under the payload limit", async () => {
      const server = await startServer(transport);
      const { client } = await connectClient(server);
      const res = await client.request("near", "health", { pad: "x".repeat(500 * 1024) });
      expect(res.ok).toBe(true);
    });
  });
});
