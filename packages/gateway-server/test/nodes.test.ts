// Nodes over real sockets: a node connects (signed, auto-paired locally), operators list,
// describe, rename and invoke it; the node answers node.invoke.request with node.invoke.result.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTestDevice, signedConnect, type TestDevice } from "./device-keys.js";
import type { GatewayServer } from "../src/index.js";
import { connectClient, type Frame, openClient, type RawClient, startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "./harness.js";

const TOKEN = "shared-secret-token";
const NODE_COMMANDS = ["system.run", "system.which", "camera.snap", "custom.hello"];

async function connectNode(server: GatewayServer, device: TestDevice, displayName = "build-box"): Promise<RawClient> {
  const client = await openClient(server);
  const nonce = ((await client.event("connect.challenge")).payload as { nonce: string }).nonce;
  const hello = await client.request(
    "c1",
    "connect",
    signedConnect(device, {
      nonce,
      token: TOKEN,
      role: "node",
      mode: "node",
      clientId: "node-host",
      extra: {
        client: { id: "node-host", version: "2026.1.24-3", platform: "linux", mode: "node", displayName, instanceId: "inst-1" },
        caps: ["system"],
        commands: NODE_COMMANDS,
        pathEnv: "/usr/bin:/bin",
      },
    }),
  );
  expect(hello.ok).toBe(true);
  return client;
}
const payloadOf = (frame: Frame) => frame.payload as Record<string, unknown>;
const invokeRequests = (node: RawClient) => node.frames.filter((f) => f.event === "node.invoke.request");

for (const transport of TRANSPORTS) {
  describe.skipIf(transport === "uws" && !UWS_LOADS)(`nodes over ${transportLabel(transport)}`, () => {
    const start = (nodes = {}) => startServer(transport, { auth: { mode: "token", token: TOKEN }, stateDir: mkdtempSync(join(tmpdir(), "gw-nodes-")), nodes });
    const operator = async (server: GatewayServer, scopes = ["operator.admin"]) => (await connectClient(server, { scopes, auth: { token: TOKEN } })).client;

    it("lists and describes a connected node with its allowed commands, and shows it in presence", async () => {
      const server = await start({ allowCommands: ["custom.hello"] });
      const op = await operator(server);
      const device = createTestDevice();
      await connectNode(server, device);
      const presence = await op.event("presence");
      expect((payloadOf(presence).presence as Frame[]).find((e) => e.deviceId === device.id)).toMatchObject({
        mode: "node",
        instanceId: device.id,
        roles: ["node"],
      });
      const list = payloadOf(await op.request("l", "node.list", {}));
      expect(list.nodes).toEqual([
        expect.objectContaining({
          nodeId: device.id,
          displayName: "build-box",
          platform: "linux",
          version: "2026.1.24-3",
          caps: ["system"],
          commands: ["custom.hello", "system.run", "system.which"],
          pathEnv: "/usr/bin:/bin",
          paired: true,
          connected: true,
        }),
      ]);
      const described = payloadOf(await op.request("d", "node.describe", { nodeId: device.id }));
      expect(described).toMatchObject({ nodeId: device.id, connected: true, paired: true, connectedAtMs: expect.any(Number), ts: expect.any(Number) });
      expect((await op.request("u", "node.describe", { nodeId: "nope" })).error).toMatchObject({ code: "INVALID_REQUEST", message: "unknown nodeId" });
      expect((await op.request("x", "node.list", { extra: 1 })).error).toMatchObject({
        message: expect.stringMatching(/^invalid node.list params: at \/extra/),
      });
      const renamed = await op.request("rn", "node.rename", { nodeId: device.id, displayName: "  ci runner " });
      expect(payloadOf(renamed)).toEqual({ nodeId: device.id, displayName: "ci runner" });
      expect((payloadOf(await op.request("l2", "node.list", {})).nodes as Frame[])[0]).toMatchObject({ displayName: "ci runner" });
    });

    it("keeps a paired node listed when it goes offline and fails its invokes at once", async () => {
      const server = await start();
      const op = await operator(server);
      const device = createTestDevice();
      const node = await connectNode(server, device);
      const invoke = op.request("i", "node.invoke", { nodeId: device.id, command: "system.which", params: { bins: ["sh"] }, idempotencyKey: "k1" });
      await node.event("node.invoke.request");
      node.terminate();
      expect((await invoke).error).toMatchObject({
        code: "UNAVAILABLE",
        message: "node disconnected (system.which)",
        details: { nodeError: { code: "NOT_CONNECTED" } },
      });
      const listed = payloadOf(await op.request("l", "node.list", {})).nodes as Frame[];
      expect(listed).toEqual([expect.objectContaining({ nodeId: device.id, paired: true, connected: false })]);
      const offline = await op.request("i2", "node.invoke", { nodeId: device.id, command: "system.which", idempotencyKey: "k2" });
      expect(offline.error).toMatchObject({ code: "UNAVAILABLE", message: "node not connected", details: { code: "NOT_CONNECTED" } });
    });

    it("routes an invoke to the node and its result back; a late result is acknowledged as ignored", async () => {
      const server = await start();
      const op = await operator(server, ["operator.write"]);
      const other = await operator(server);
      const device = createTestDevice();
      const node = await connectNode(server, device);
      const pending = op.request("i", "node.invoke", {
        nodeId: device.id,
        command: "system.which",
        params: { bins: ["sh"] },
        idempotencyKey: "k1",
        timeoutMs: 5000,
      });
      const request = await node.event("node.invoke.request");
      expect(request.seq).toBeUndefined();
      const req = payloadOf(request);
      expect(req).toMatchObject({
        nodeId: device.id,
        command: "system.which",
        paramsJSON: JSON.stringify({ bins: ["sh"] }),
        timeoutMs: 5000,
        idempotencyKey: "k1",
      });
      expect(other.frames.some((f) => f.event === "node.invoke.request")).toBe(false);
      const ack = await node.request("r1", "node.invoke.result", {
        id: req.id,
        nodeId: device.id,
        ok: true,
        payloadJSON: JSON.stringify({ bins: { sh: "/usr/bin/sh" } }),
        error: null,
      });
      expect(payloadOf(ack)).toEqual({ ok: true });
      expect(payloadOf(await pending)).toEqual({
        ok: true,
        nodeId: device.id,
        command: "system.which",
        payload: { bins: { sh: "/usr/bin/sh" } },
        payloadJSON: '{"bins":{"sh":"/usr/bin/sh"}}',
      });
      const late = await node.request("r2", "node.invoke.result", { id: req.id, nodeId: device.id, ok: true });
      expect(payloadOf(late)).toEqual({ ok: true, ignored: true });
      const foreign = await node.request("r3", "node.invoke.result", { id: req.id, nodeId: "someone-else", ok: true });
      expect(foreign.error).toMatchObject({ code: "INVALID_REQUEST", message: "nodeId mismatch" });
      expect(payloadOf(await node.request("e", "node.event", { event: "exec.finished", payloadJSON: "{}" }))).toEqual({ ok: true });
    });

    it("turns node failures into UNAVAILABLE with details.nodeError, and times out a silent node", async () => {
      const server = await start();
      const op = await operator(server);
      const device = createTestDevice();
      const node = await connectNode(server, device);
      const failing = op.request("f", "node.invoke", { nodeId: device.id, command: "system.run", params: { command: ["ls"] }, idempotencyKey: "f1" });
      const req = payloadOf(await node.event("node.invoke.request"));
      await node.request("r", "node.invoke.result", {
        id: req.id,
        nodeId: device.id,
        ok: false,
        error: { code: "UNAVAILABLE", message: "SYSTEM_RUN_DENIED: approval required" },
      });
      expect((await failing).error).toEqual({
        code: "UNAVAILABLE",
        message: "SYSTEM_RUN_DENIED: approval required",
        details: { nodeError: { code: "UNAVAILABLE", message: "SYSTEM_RUN_DENIED: approval required" } },
      });
      const silent = await op.request("t", "node.invoke", { nodeId: device.id, command: "system.which", idempotencyKey: "t1", timeoutMs: 20 });
      expect(silent.error).toMatchObject({ code: "UNAVAILABLE", message: "node invoke timed out", details: { nodeError: { code: "TIMEOUT" } } });
    });

    it("caps the timeout a caller asks for at nodes.invokeMaxTimeoutMs", async () => {
      const server = await start({ invokeMaxTimeoutMs: 1000 });
      const op = await operator(server);
      const device = createTestDevice();
      const node = await connectNode(server, device);
      void op.request("i", "node.invoke", { nodeId: device.id, command: "system.which", idempotencyKey: "cap", timeoutMs: 3_600_000 });
      expect(payloadOf(await node.event("node.invoke.request")).timeoutMs).toBe(1000);
    });

    it("refuses commands outside the allowlist or not declared, and dedupes retries by idempotency key", async () => {
      const server = await start({ denyCommands: ["system.run"] });
      const op = await operator(server);
      const device = createTestDevice();
      const node = await connectNode(server, device);
      const refuse = async (command: string, reason: string) =>
        expect((await op.request(command, "node.invoke", { nodeId: device.id, command, idempotencyKey: command })).error).toEqual({
          code: "INVALID_REQUEST",
          message: "node command not allowed",
          details: { reason, command },
        });
      await refuse("camera.snap", "command not allowlisted");
      await refuse("system.run", "command not allowlisted");
      await refuse("system.notify", "command not declared by node");
      const first = op.request("a", "node.invoke", { nodeId: device.id, command: "system.which", idempotencyKey: "same" });
      const retry = op.request("b", "node.invoke", { nodeId: device.id, command: "system.which", idempotencyKey: "same" });
      const req = payloadOf(await node.event("node.invoke.request"));
      await node.request("r", "node.invoke.result", { id: req.id, nodeId: device.id, ok: true, payload: { n: 1 } });
      expect(payloadOf(await first)).toMatchObject({ payload: { n: 1 } });
      expect(payloadOf(await retry)).toMatchObject({ payload: { n: 1 } });
      const after = await op.request("c", "node.invoke", { nodeId: device.id, command: "system.which", idempotencyKey: "same" });
      expect(payloadOf(after)).toMatchObject({ payload: { n: 1 } });
      expect(invokeRequests(node)).toHaveLength(1);
      expect((await op.request("v", "node.invoke", { nodeId: device.id, command: "system.which" })).error).toMatchObject({
        message: expect.stringMatching(/^invalid node.invoke params: at \/idempotencyKey/),
      });
    });
  });
}
