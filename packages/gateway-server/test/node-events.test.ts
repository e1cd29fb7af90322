// node.event from a real node connection: exec.* events are queued as system events for their
// session (visible in status, drainable through server.systemEvents) and ask the host for a
// heartbeat; every event reaches server.onNodeEvent listeners; unknown events queue nothing.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { GatewayServer, NodeEvent, WakeRequest } from "../src/index.js";
import { createTestDevice, signedConnect, type TestDevice } from "./device-keys.js";
import { connectClient, type Frame, openClient, type RawClient, startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "./harness.js";

const TOKEN = "shared-secret-token";
const payloadOf = (frame: Frame) => frame.payload as Record<string, unknown>;

async function connectNode(server: GatewayServer, device: TestDevice): Promise<RawClient> {
  const client = await openClient(server);
  const nonce = ((await client.event("connect.challenge")).payload as { nonce: string }).nonce;
  const hello = await client.request(
    "c1",
    "connect",
    signedConnect(device, { nonce, token: TOKEN, role: "node", mode: "node", clientId: "node-host", extra: { commands: ["system.run"] } }),
  );
  expect(hello.ok).toBe(true);
  return client;
}

for (const transport of TRANSPORTS) {
  describe.skipIf(transport === "uws" && !UWS_LOADS)(`node.event over ${transportLabel(transport)}`, () => {
    const start = (wakes: WakeRequest[] = [], hooked: unknown[] = []) =>
      startServer(transport, {
        auth: { mode: "token", token: TOKEN },
        stateDir: mkdtempSync(join(tmpdir(), "gw-node-events-")),
        onWake: (w) => wakes.push(w),
        nodes: { onNodeEvent: (...args) => hooked.push(args) },
      });

    it("queues exec.finished / exec.denied / exec.started for the run's session, worded as the original, and shows them in status", async () => {
      const wakes: WakeRequest[] = [];
      const hooked: unknown[] = [];
      const server = await start(wakes, hooked);
      const device = createTestDevice();
      const node = await connectNode(server, device);
      const op = (await connectClient(server, { scopes: ["operator.read"], auth: { token: TOKEN } })).client;
      const send = async (event: string, body: Record<string, unknown>) =>
        expect(payloadOf(await node.request(event, "node.event", { event, payloadJSON: JSON.stringify(body) }))).toEqual({ ok: true });
      // The payloads the original node host sends (original-nodes-pairing.md §5).
      await send("exec.denied", { sessionKey: "node", runId: "r1", host: "node", command: "rm -rf /tmp/x", reason: "approval-required" });
      await send("exec.started", { sessionKey: "node", runId: "r2", host: "node", command: "uname -a" });
      await send("exec.finished", {
        sessionKey: "node",
        runId: "r2",
        host: "node",
        command: "uname -a",
        exitCode: 0,
        timedOut: false,
        success: true,
        output: "Linux box 6.1\n",
      });
      // No sessionKey: the node's own session. An object `payload` is accepted as well as payloadJSON.
      expect(payloadOf(await node.request("p", "node.event", { event: "exec.finished", payload: { runId: "r3", timedOut: true } }))).toEqual({ ok: true });
      const id = device.id;
      expect(server.systemEvents.peek("node").map((e) => e.text)).toEqual([
        `Exec denied (node=${id} id=r1, approval-required): rm -rf /tmp/x`,
        `Exec started (node=${id} id=r2): uname -a`,
        `Exec finished (node=${id} id=r2, code 0)\nLinux box 6.1`,
      ]);
      expect(server.systemEvents.lastContextKey("node")).toBe("exec:r2");
      expect(server.systemEvents.peek(`node-${id}`).map((e) => e.text)).toEqual([`Exec finished (node=${id} id=r3, timeout)`]);
      const status = payloadOf(await op.request("s", "status"));
      // queuedSystemEvents stays the main session's (as the original); every session's queue is under gateway.systemEvents.
      expect(status.queuedSystemEvents).toEqual([]);
      expect((status.gateway as Record<string, unknown>).systemEvents).toEqual({
        node: server.systemEvents.peek("node").map((e) => e.text),
        [`node-${id}`]: [`Exec finished (node=${id} id=r3, timeout)`],
      });
      // Each queued exec event asked the host for a heartbeat now, naming the session.
      expect(wakes.map((w) => [w.reason, w.sessionKey, w.mode])).toEqual([
        ["exec-event", "node", "now"],
        ["exec-event", "node", "now"],
        ["exec-event", "node", "now"],
        ["exec-event", `node-${id}`, "now"],
      ]);
      expect(hooked).toHaveLength(4);
      // Draining (what an agent does before its turn) empties the queue.
      expect(server.systemEvents.drain("node")).toHaveLength(3);
      expect(((payloadOf(await op.request("s2", "status")).gateway as Record<string, unknown>).systemEvents as Record<string, unknown>).node).toBeUndefined();
    });

    it("hands every node event to onNodeEvent listeners with the payload parsed; unknown and agent events queue nothing", async () => {
      const wakes: WakeRequest[] = [];
      const server = await start(wakes);
      const seen: NodeEvent[] = [];
      const unsubscribe = server.onNodeEvent((e) => seen.push(e));
      // A throwing listener is logged and does not stop the others or the answer.
      server.onNodeEvent(() => {
        throw new Error("listener bug");
      });
      const device = createTestDevice();
      const node = await connectNode(server, device);
      const transcript = { text: "turn on the lights", sessionKey: "agent:main:main" };
      expect(payloadOf(await node.request("v", "node.event", { event: "voice.transcript", payloadJSON: JSON.stringify(transcript) }))).toEqual({ ok: true });
      expect(payloadOf(await node.request("u", "node.event", { event: "made.up", payloadJSON: "not json" }))).toEqual({ ok: true });
      expect(payloadOf(await node.request("x", "node.event", { event: "exec.finished" }))).toEqual({ ok: true });
      expect(seen).toEqual([
        { nodeId: device.id, event: "voice.transcript", payloadJSON: JSON.stringify(transcript), payload: transcript },
        { nodeId: device.id, event: "made.up", payloadJSON: "not json", payload: undefined },
        { nodeId: device.id, event: "exec.finished", payloadJSON: null, payload: undefined },
      ]);
      // None of them is a system event: voice and agent requests are an agent's to run; exec.finished without a payload says nothing.
      expect(server.systemEvents.sessions()).toEqual([]);
      expect(wakes).toEqual([]);
      unsubscribe();
      await node.request("v2", "node.event", { event: "voice.transcript", payloadJSON: "{}" });
      expect(seen).toHaveLength(3);
    });

    it("chat.subscribe makes nodeSendToSession reach that node alone, until chat.unsubscribe or its disconnect", async () => {
      const server = await start();
      const device = createTestDevice();
      const other = createTestDevice();
      const node = await connectNode(server, device);
      const bystander = await connectNode(server, other);
      const op = (await connectClient(server, { scopes: ["operator.admin"], auth: { token: TOKEN } })).client;
      await node.request("s1", "node.event", { event: "chat.subscribe", payloadJSON: JSON.stringify({ sessionKey: "agent:main:main" }) });
      await node.request("s2", "node.event", { event: "chat.subscribe", payloadJSON: "{}" });
      expect(server.nodeSendToSession("agent:main:main", "chat", { runId: "r1", state: "final", message: "hi" })).toBe(1);
      expect(server.nodeSendToSession("agent:other:main", "chat", { runId: "r2" })).toBe(0);
      const chat = await node.event("chat");
      expect(chat.payload).toEqual({ runId: "r1", state: "final", message: "hi" });
      expect(chat.seq).toBeUndefined();
      await bystander.request("ping", "node.event", { event: "noop" });
      await op.request("ping", "health");
      expect(bystander.frames.some((f) => f.event === "chat")).toBe(false);
      expect(op.frames.some((f) => f.event === "chat")).toBe(false);
      await node.request("u", "node.event", { event: "chat.unsubscribe", payloadJSON: JSON.stringify({ sessionKey: "agent:main:main" }) });
      expect(server.nodeSendToSession("agent:main:main", "chat", { runId: "r3" })).toBe(0);
      // A subscription ends with the connection: the same device reconnecting follows nothing.
      await node.request("s3", "node.event", { event: "chat.subscribe", payloadJSON: JSON.stringify({ sessionKey: "agent:main:main" }) });
      expect(server.nodeSendToSession("agent:main:main", "chat", { runId: "r4" })).toBe(1);
      node.terminate();
      await expect.poll(() => server.nodeSendToSession("agent:main:main", "chat", { runId: "r5" })).toBe(0);
      const again = await connectNode(server, device);
      expect(server.nodeSendToSession("agent:main:main", "chat", { runId: "r6" })).toBe(0);
      expect(again.frames.some((f) => f.event === "chat")).toBe(false);
    });

    it("only nodes may send node.event", async () => {
      const server = await start();
      const op = (await connectClient(server, { scopes: ["operator.admin"], auth: { token: TOKEN } })).client;
      expect((await op.request("e", "node.event", { event: "exec.finished", payloadJSON: "{}" })).error).toMatchObject({
        code: "INVALID_REQUEST",
        message: "unauthorized role: operator",
      });
      expect(server.systemEvents.sessions()).toEqual([]);
    });
  });
}
