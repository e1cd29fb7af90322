import { describe, expect, it } from "vitest";
import { connectClient, openClient, startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "./harness.js";
import "./unhandled.js";

describe.each(TRANSPORTS)("events over %s", (transport) => {
  const run = transport === "uws" && !UWS_LOADS ? describe.skip : describe;
  run(transportLabel(transport), () => {
    it("broadcasts with a global increasing seq and exact frame keys", async () => {
      const server = await startServer(transport);
      const a = (await connectClient(server)).client;
      const b = (await connectClient(server)).client;
      const seqs = [server.broadcast("custom", { n: 1 }), server.broadcast("custom", { n: 2 }), server.broadcast("custom", { n: 3 })];
      expect(seqs[1]! - seqs[0]!).toBe(1);
      expect(seqs[2]! - seqs[1]!).toBe(1);
      for (const client of [a, b]) {
        const got = await client.until(() => {
          const list = client.frames.filter((f) => f.event === "custom");
          return list.length === 3 ? list : undefined;
        }, "three custom events");
        expect(got.map((f) => f.seq)).toEqual(seqs);
        for (const frame of got) expect(Object.keys(frame).sort()).toEqual(["event", "payload", "seq", "type"]);
      }
    });

    it("attaches stateVersion to presence and bumps it on system-event", async () => {
      const server = await startServer(transport);
      const { client, hello } = await connectClient(server);
      const before = (hello.payload as any).snapshot.stateVersion;
      expect((await client.request("e", "system-event", { text: "Node: laptop · mode ui", host: "laptop", lastInputSeconds: "bad" })).payload).toEqual({
        ok: true,
      });
      const presence = await client.event("presence");
      expect(Object.keys(presence).sort()).toEqual(["event", "payload", "seq", "stateVersion", "type"]);
      expect((presence.stateVersion as any).presence).toBeGreaterThan(before.presence);
      const entries = (presence.payload as any).presence as any[];
      const laptop = entries.find((p) => p.host === "laptop");
      expect(laptop).toMatchObject({ text: "Node: laptop · mode ui" });
      expect(laptop.lastInputSeconds).toBeUndefined();
      expect((await client.request("bad", "system-event", { text: "  " })).error).toEqual({ code: "INVALID_REQUEST", message: "text required" });
    });

    it("broadcasts presence when a tracked client disconnects", async () => {
      const server = await startServer(transport);
      const watcher = (await connectClient(server)).client;
      const leaver = (await connectClient(server, { client: { id: "test", version: "1", platform: "linux", mode: "backend", instanceId: "leaver" } })).client;
      leaver.ws.close();
      const presence = await watcher.event("presence");
      expect(((presence.payload as any).presence as any[]).some((p) => p.instanceId === "leaver")).toBe(false);
    });

    it("a health event follows hello-ok for the new client only, without a seq", async () => {
      const server = await startServer(transport);
      const { client: first } = await connectClient(server);
      const firstHealth = await first.event("health");
      expect(firstHealth.seq).toBeUndefined();
      expect(firstHealth.payload).toMatchObject({ ok: true, defaultAgentId: "main" });
      await connectClient(server);
      // The first client sees no second health event; its next event is the broadcast one.
      server.broadcast("marker", {});
      expect((await first.event("marker")).event).toBe("marker");
      expect(first.frames.filter((f) => f.type === "event" && f.event === "health")).toHaveLength(1);
    });

    it("health broadcasts carry a bumped stateVersion.health", async () => {
      const server = await startServer(transport);
      const { client, hello } = await connectClient(server);
      await client.event("health"); // the one sent after hello-ok
      const from = client.frames.length;
      server.broadcast("health", { ok: true });
      const health = await client.event("health", from);
      expect((health.stateVersion as any).health).toBe((hello.payload as any).snapshot.stateVersion.health + 1);
    });

    it("remembers the last heartbeat broadcast for last-heartbeat", async () => {
      const server = await startServer(transport);
      const { client } = await connectClient(server);
      server.broadcast("heartbeat", { ts: 1, status: "sent" }, { dropIfSlow: true });
      expect((await client.request("hb", "last-heartbeat")).payload).toEqual({ ts: 1, status: "sent" });
    });

    it("delivers scoped events only to admins and holders of the scope", async () => {
      const server = await startServer(transport);
      const admin = (await connectClient(server)).client;
      const pairing = (await connectClient(server, { scopes: ["operator.pairing"] })).client;
      const reader = (await connectClient(server, { scopes: ["operator.read"] })).client;
      server.broadcast("device.pair.requested", { requestId: "r1" }, { scope: "operator.pairing" });
      const marker = server.broadcast("after", {});
      for (const client of [admin, pairing]) expect((await client.event("device.pair.requested")).payload).toEqual({ requestId: "r1" });
      await reader.until(() => reader.frames.find((f) => f.seq === marker), "marker event");
      expect(reader.frames.some((f) => f.event === "device.pair.requested")).toBe(false);
    });

    it("does not send events to sockets that have not completed the handshake", async () => {
      const server = await startServer(transport);
      const pending = await openClient(server);
      await pending.event("connect.challenge");
      const ready = (await connectClient(server)).client;
      const seq = server.broadcast("custom", {});
      await ready.until(() => ready.frames.find((f) => f.seq === seq), "event");
      expect(pending.frames.filter((f) => f.event === "custom")).toEqual([]);
    });

    it("sends tick every tickIntervalMs with seq and {ts}", async () => {
      const server = await startServer(transport, { tickIntervalMs: 50 });
      const { client } = await connectClient(server);
      const tick = await client.event("tick");
      expect(Object.keys(tick.payload as object)).toEqual(["ts"]);
      expect(typeof tick.seq).toBe("number");
    });

    it('close() sends shutdown, then closes 1012 "service restart", and is idempotent', async () => {
      const server = await startServer(transport);
      const { client } = await connectClient(server);
      const half = await openClient(server);
      await Promise.all([server.close({ reason: "gateway restarting", restartExpectedMs: 1500 }), server.close()]);
      const shutdown = await client.event("shutdown");
      expect(shutdown.payload).toEqual({ reason: "gateway restarting", restartExpectedMs: 1500 });
      expect(await client.closeInfo()).toEqual({ code: 1012, reason: "service restart" });
      expect((await half.closeInfo()).code).toBe(1012);
      const lastFrame = client.frames[client.frames.length - 1];
      expect(lastFrame?.event).toBe("shutdown");
      await expect(openClient(server)).rejects.toThrow();
    });
  });
});
