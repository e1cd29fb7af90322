import { mkdtempSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GatewayMethodError, type MethodContext } from "../src/index.js";
import { connectClient, startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "./harness.js";
import "./unhandled.js";

describe.each(TRANSPORTS)("methods over %s", (transport) => {
  const run = transport === "uws" && !UWS_LOADS ? describe.skip : describe;
  run(transportLabel(transport), () => {
    it("health returns a full HealthSummary with or without params", async () => {
      const server = await startServer(transport);
      const { client } = await connectClient(server);
      for (const res of [await client.request("a", "health"), await client.request("b", "health", {})]) {
        expect(Object.keys(res).sort()).toEqual(["id", "ok", "payload", "type"]);
        expect(Object.keys(res.payload as object).sort()).toEqual([
          "agents",
          "channelLabels",
          "channelOrder",
          "channels",
          "defaultAgentId",
          "durationMs",
          "heartbeatSeconds",
          "ok",
          "sessions",
          "ts",
        ]);
      }
    });

    it("status carries the skeleton and live gateway counters", async () => {
      const server = await startServer(transport);
      const { client } = await connectClient(server);
      const res = await client.request("s", "status");
      const payload = res.payload as Record<string, any>;
      expect(payload.heartbeat).toEqual({ defaultAgentId: "main", agents: [], enabled: true });
      expect(payload.queuedSystemEvents).toEqual([]);
      expect(payload.gateway).toMatchObject({ transport, connections: 1, clients: 1, eventsDropped: 0, slowConsumersClosed: 0 });
    });

    it("status.gateway.methods maps every advertised method to its scope (application methods too)", async () => {
      const server = await startServer(transport);
      server.registerMethod("app.write", () => 1, { scope: "write" });
      server.registerMethod("app.default", () => 1);
      const { client, hello } = await connectClient(server);
      const methods = ((await client.request("s", "status")).payload as Record<string, any>).gateway.methods as Record<string, string>;
      expect(Object.keys(methods).sort()).toEqual([...((hello.payload as any).features.methods as string[])].sort());
      expect(methods).toMatchObject({
        health: "read",
        status: "read",
        "system-event": "admin",
        "logs.tail": "read",
        "app.write": "write",
        "app.default": "admin",
      });
    });

    it("system-presence lists the gateway and the connected client; last-heartbeat is null", async () => {
      const server = await startServer(transport);
      const { client } = await connectClient(server, { client: { id: "test", version: "1", platform: "linux", mode: "backend", instanceId: "inst-1" } });
      const presence = (await client.request("p", "system-presence")).payload as any[];
      expect(presence.map((p) => p.reason)).toEqual(expect.arrayContaining(["self", "connect"]));
      expect(presence.find((p) => p.reason === "connect")).toMatchObject({ instanceId: "inst-1", mode: "backend" });
      const hb = await client.request("hb", "last-heartbeat");
      expect(hb).toEqual({ type: "res", id: "hb", ok: true, payload: null });
    });

    it("presence carries the original's fields: self ip/platform/deviceFamily/modelIdentifier, client deviceFamily/modelIdentifier, host = client id", async () => {
      const server = await startServer(transport);
      const { client, hello } = await connectClient(server, {
        client: { id: "clawdbot-macos", version: "2", platform: "macos 15", mode: "ui", deviceFamily: "Mac", modelIdentifier: "Mac16,1" },
      });
      const self = (hello.payload as any).snapshot.presence[0];
      expect(self).toMatchObject({
        mode: "gateway",
        reason: "self",
        platform: expect.stringMatching(/\S+ \S+/),
        deviceFamily: expect.any(String),
        modelIdentifier: process.arch,
      });
      if (self.ip !== undefined) expect(self.text).toContain(`(${self.ip})`);
      // The connecting client is already in its own hello-ok snapshot.
      const mine = (hello.payload as any).snapshot.presence.find((p: any) => p.reason === "connect");
      expect(mine).toMatchObject({ host: "clawdbot-macos", deviceFamily: "Mac", modelIdentifier: "Mac16,1", mode: "ui", platform: "macos 15" });
      // A loopback client gets no ip, as upstream.
      expect(mine.ip).toBeUndefined();
      const listed = (await client.request("p", "system-presence")).payload as any[];
      expect(listed.find((p) => p.reason === "connect")).toEqual(mine);
    });

    it("wake queues its text for status and calls the host's hook; set-heartbeats flips the switch (admin)", async () => {
      const wakes: unknown[] = [];
      const switches: boolean[] = [];
      const server = await startServer(transport, { onWake: (w) => wakes.push(w), onSetHeartbeats: (on) => switches.push(on), maxQueuedSystemEvents: 2 });
      const { client } = await connectClient(server, { scopes: ["operator.admin"] });
      expect((await client.request("w1", "wake", { mode: "now", text: "  first  " })).payload).toEqual({ ok: true });
      await client.request("w2", "wake", { mode: "next-heartbeat", text: "second" });
      await client.request("w3", "wake", { mode: "next-heartbeat", text: "third" });
      expect(wakes).toEqual([
        { mode: "now", text: "first" },
        { mode: "next-heartbeat", text: "second" },
        { mode: "next-heartbeat", text: "third" },
      ]);
      expect(((await client.request("s", "status")).payload as any).queuedSystemEvents).toEqual(["second", "third"]);
      const bad = await client.request("w4", "wake", { mode: "later", text: "x" });
      expect((bad as any).error).toEqual({ code: "INVALID_REQUEST", message: "invalid wake params: at /mode: must be now or next-heartbeat" });
      expect(((await client.request("h", "set-heartbeats", { enabled: false })) as any).payload).toEqual({ ok: true, enabled: false });
      expect(switches).toEqual([false]);
      expect(((await client.request("s2", "status")).payload as any).heartbeat.enabled).toBe(false);
      expect(((await client.request("h2", "set-heartbeats", {})) as any).error.message).toBe("invalid set-heartbeats params: enabled (boolean) required");
      const writer = await connectClient(server, { scopes: ["operator.write"] });
      expect(((await writer.client.request("w5", "wake", { mode: "now", text: "ok" })) as any).ok).toBe(true);
      expect(((await writer.client.request("h3", "set-heartbeats", { enabled: true })) as any).error.message).toMatch(/operator\.admin/);
    });

    it("system-event queues its text on the main session (a node line only with what changed), shown by status like wake's", async () => {
      const server = await startServer(transport);
      const { client } = await connectClient(server, { scopes: ["operator.admin"] });
      const beacon = (version: string, reason: string) => `Node: studio (10.0.0.5) · app ${version} · last input 3s ago · mode ui · reason ${reason}`;
      await client.request("e1", "system-event", { text: beacon("2.0", "launch") });
      await client.request("e2", "system-event", { text: beacon("2.0", "periodic") });
      await client.request("e3", "system-event", { text: beacon("2.1", "periodic") });
      await client.request("e4", "system-event", { text: "Deploy finished" });
      await client.request("w", "wake", { mode: "next-heartbeat", text: "Check the deploy" });
      const status = (await client.request("s", "status")).payload as any;
      const main = ["Node: studio (10.0.0.5) · app 2.0 · mode ui · reason launch", "app 2.1", "Deploy finished", "Check the deploy"];
      expect(status.queuedSystemEvents).toEqual(main);
      expect(status.gateway.systemEvents).toEqual({ "agent:main:main": main });
      expect(server.systemEvents.peek("agent:main:main").map((e) => e.text)).toEqual(main);
    });

    it("handlers learn who calls: connId as in hello-ok, role, scopes, client, auth method, address", async () => {
      const server = await startServer(transport);
      const seen: MethodContext[] = [];
      server.registerMethod(
        "whoami",
        (_params, ctx) => {
          seen.push(ctx);
          return ctx.connId;
        },
        { scope: "read" },
      );
      const base = { id: "test", version: "1", platform: "linux", mode: "backend" };
      const a = await connectClient(server, { client: base, scopes: ["operator.read"] });
      const b = await connectClient(server, { client: base, scopes: ["operator.read"] });
      const c = await connectClient(server, { client: { ...base, instanceId: "inst-c" }, scopes: ["operator.read", "operator.write"] });
      const ids: unknown[] = [];
      for (const { client, hello } of [a, b, c]) {
        const res = await client.request("w", "whoami");
        expect(res.payload).toBe((hello.payload as any).server.connId);
        ids.push(res.payload);
      }
      expect(new Set(ids).size).toBe(3);
      expect(seen[0]).toEqual({
        connId: ids[0],
        role: "operator",
        scopes: ["operator.read"],
        remoteAddress: expect.stringMatching(/127\.0\.0\.1/),
        authMethod: "none",
        client: { id: "test", version: "1", platform: "linux", mode: "backend" },
      });
      expect(seen[2]?.client).toEqual({ ...base, instanceId: "inst-c" });
      expect(seen[2]?.scopes).toEqual(["operator.read", "operator.write"]);
      // Clients that send the same scopes and client share one frozen copy: no handler can change another's.
      expect(seen[1]?.scopes).toBe(seen[0]?.scopes);
      expect(seen[1]?.client).toBe(seen[0]?.client);
      expect(Object.isFrozen(seen[0]?.scopes) && Object.isFrozen(seen[0]?.client) && Object.isFrozen(seen[2]?.client)).toBe(true);
      expect(() => (seen[0]!.scopes as string[]).push("operator.admin")).toThrow(TypeError);
      expect(seen[1]?.scopes).toEqual(["operator.read"]);
    });

    it("unknown methods get INVALID_REQUEST naming the method", async () => {
      const server = await startServer(transport);
      const { client } = await connectClient(server);
      expect(await client.request("u", "nope.nothing")).toEqual({
        type: "res",
        id: "u",
        ok: false,
        error: { code: "INVALID_REQUEST", message: "unknown method: nope.nothing" },
      });
    });

    it("a throwing handler gives UNAVAILABLE and the connection stays up", async () => {
      const server = await startServer(transport);
      server.registerMethod("boom", () => {
        throw new Error("kaput");
      });
      server.registerMethod("reject", async () => Promise.reject("plain string"));
      server.registerMethod("typed", () => {
        throw new GatewayMethodError("NOT_LINKED", "channel not linked", { details: { channel: "x" } });
      });
      server.registerMethod("nothing", () => undefined);
      const { client } = await connectClient(server);
      expect(await client.request("1", "boom")).toEqual({ type: "res", id: "1", ok: false, error: { code: "UNAVAILABLE", message: "kaput" } });
      expect(await client.request("2", "reject")).toEqual({ type: "res", id: "2", ok: false, error: { code: "UNAVAILABLE", message: "plain string" } });
      expect(await client.request("3", "typed")).toEqual({
        type: "res",
        id: "3",
        ok: false,
        error: { code: "NOT_LINKED", message: "channel not linked", details: { channel: "x" } },
      });
      // undefined result: no payload key at all (never null, never an empty placeholder)
      expect(await client.request("4", "nothing")).toEqual({ type: "res", id: "4", ok: true });
      expect(client.closed).toBeUndefined();
    });

    it('answers invalid frames after hello with id echo (or "invalid") and keeps the socket', async () => {
      const server = await startServer(transport);
      const { client } = await connectClient(server);
      client.send({ type: "req", id: "x1", method: "" });
      expect((await client.response("x1")).error).toEqual({ code: "INVALID_REQUEST", message: "invalid request frame: method must be a non-empty string" });
      client.send({ type: "nope", id: 42 });
      client.send("garbage{");
      client.ws.send(Buffer.from([0xff, 0xfe, 0x00, 0x01]), { binary: true });
      const invalid = await client.until(() => {
        const list = client.frames.filter((f) => f.id === "invalid");
        return list.length === 3 ? list : undefined;
      }, "three invalid replies");
      expect(invalid.map((f: any) => f.error.message)).toEqual([
        'invalid request frame: type must be "req"',
        "invalid request frame: malformed JSON",
        "invalid request frame: malformed JSON",
      ]);
      expect((await client.request("ok", "health")).ok).toBe(true);
    });

    it("caps in-flight requests per connection and recovers when they finish", async () => {
      const server = await startServer(transport, { maxInFlightRequests: 2 });
      const releases: (() => void)[] = [];
      server.registerMethod("wait", () => new Promise<string>((resolve) => releases.push(() => resolve("done"))), { scope: "read" });
      const { client } = await connectClient(server);
      client.send({ type: "req", id: "w1", method: "wait" });
      client.send({ type: "req", id: "w2", method: "wait" });
      client.send({ type: "req", id: "w3", method: "wait" });
      const refused = await client.response("w3");
      expect(refused.error).toEqual({
        code: "INVALID_REQUEST",
        message: "too many requests in flight (max 2); wait for responses before sending more",
        retryable: true,
      });
      await client.until(() => releases.length === 2, "two running handlers");
      for (const release of releases.splice(0)) release();
      expect((await client.response("w1")).payload).toBe("done");
      expect((await client.response("w2")).payload).toBe("done");
      expect(server.stats().inFlight).toBe(0);
      const again = client.request("w4", "wait");
      await client.until(() => releases.length === 1, "handler running again");
      releases[0]?.();
      expect((await again).ok).toBe(true);
    });

    it("enforces scopes: read, write, admin and the node role", async () => {
      const server = await startServer(transport);
      server.registerMethod("do.write", () => "w", { scope: "write" });
      server.registerMethod("do.admin", () => "a");
      const reader = (await connectClient(server, { scopes: ["operator.read"] })).client;
      expect((await reader.request("1", "health")).ok).toBe(true);
      expect((await reader.request("2", "do.write")).error).toEqual({ code: "INVALID_REQUEST", message: "missing scope: operator.write" });
      expect((await reader.request("3", "system-event", { text: "x" })).error).toEqual({ code: "INVALID_REQUEST", message: "missing scope: operator.admin" });
      const writer = (await connectClient(server, { scopes: ["operator.write"] })).client;
      expect((await writer.request("4", "do.write")).payload).toBe("w");
      expect((await writer.request("5", "status")).ok).toBe(true);
      expect((await writer.request("6", "do.admin")).ok).toBe(false);
      const admin = (await connectClient(server, { scopes: [] })).client;
      expect((await admin.request("7", "do.admin")).payload).toBe("a");
      const node = (await connectClient(server, { role: "node" })).client;
      expect((await node.request("8", "health")).error).toEqual({ code: "INVALID_REQUEST", message: "unauthorized role: node" });
    });

    it("rejects an unknown role at connect", async () => {
      const server = await startServer(transport);
      const { client, hello } = await connectClient(server, { role: "root" });
      expect((hello as any).error.message).toBe("invalid role");
      expect((await client.closeInfo()).code).toBe(1008);
    });

    it("logs.tail follows the configured file with cursor semantics", async () => {
      const dir = mkdtempSync(join(tmpdir(), "gw-logs-"));
      const file = join(dir, "gateway.log");
      writeFileSync(file, "one\ntwo\n");
      const server = await startServer(transport, { logFile: file });
      const { client } = await connectClient(server);
      const first = (await client.request("1", "logs.tail")).payload as any;
      expect(first).toEqual({ file, cursor: 8, size: 8, lines: ["one", "two"] });
      appendFileSync(file, "three\n");
      const next = (await client.request("2", "logs.tail", { cursor: first.cursor })).payload as any;
      expect(next).toEqual({ file, cursor: 14, size: 14, lines: ["three"] });
      const beyond = (await client.request("3", "logs.tail", { cursor: 999 })).payload as any;
      expect(beyond).toMatchObject({ reset: true, lines: ["one", "two", "three"] });
      const small = (await client.request("4", "logs.tail", { cursor: 0, maxBytes: 7 })).payload as any;
      expect(small).toMatchObject({ reset: true, truncated: true, lines: ["three"] });
      const limited = (await client.request("5", "logs.tail", { limit: 1 })).payload as any;
      expect(limited.lines).toEqual(["three"]);
      const bad = await client.request("6", "logs.tail", { limit: 0, extra: 1 });
      expect((bad as any).error.code).toBe("INVALID_REQUEST");
      expect((bad as any).error.message).toMatch(/^invalid logs.tail params: at \/limit: must be ≥ 1; at \/extra: unexpected property/);
    });

    it("logs.tail without a configured file is UNAVAILABLE", async () => {
      const server = await startServer(transport);
      const { client } = await connectClient(server);
      expect((await client.request("1", "logs.tail")).error).toEqual({
        code: "UNAVAILABLE",
        message: "log read failed: no log file configured on this gateway",
      });
    });

    it("registerMethod refuses duplicates, connect, and bad scopes", async () => {
      const server = await startServer(transport);
      expect(() => server.registerMethod("health", () => 1)).toThrow(/already registered/);
      expect(() => server.registerMethod("connect", () => 1)).toThrow(/reserved/);
      expect(() => server.registerMethod("x", () => 1, { scope: "root" as never })).toThrow(
        /scope must be one of read, write, admin, pairing, approvals, node/,
      );
    });
  });
});
