// exec.approval.request/resolve between operators, and exec.approvals.node.get through a node.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { GatewayServer } from "../src/index.js";
import { createTestDevice, signedConnect } from "./device-keys.js";
import { connectClient, type Frame, openClient, startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "./harness.js";

const TOKEN = "shared-secret-token";
const payloadOf = (frame: Frame) => frame.payload as Record<string, unknown>;

for (const transport of TRANSPORTS) {
  describe.skipIf(transport === "uws" && !UWS_LOADS)(`exec approvals over ${transportLabel(transport)}`, () => {
    const start = () => startServer(transport, { auth: { mode: "token", token: TOKEN }, stateDir: mkdtempSync(join(tmpdir(), "gw-exec-")) });
    const operator = async (server: GatewayServer, scopes: string[], displayName?: string) =>
      (await connectClient(server, { scopes, auth: { token: TOKEN }, ...(displayName ? { client: { id: "test", version: "1", platform: "linux", mode: "test", displayName } } : {}) })).client;

    it("asks operators holding operator.approvals and returns the decision to the caller", async () => {
      const server = await start();
      const runner = await operator(server, ["operator.approvals"]);
      const approver = await operator(server, ["operator.approvals"], "phone");
      const reader = await operator(server, ["operator.read"]);
      const asked = runner.request("q", "exec.approval.request", { command: "echo hi", host: "node", timeoutMs: 10_000 });
      const requested = payloadOf(await approver.event("exec.approval.requested"));
      expect(requested).toMatchObject({ request: { command: "echo hi", host: "node", cwd: null }, expiresAtMs: expect.any(Number) });
      expect((await reader.request("x", "exec.approval.resolve", { id: requested.id, decision: "allow-once" })).error).toMatchObject({ message: "missing scope: operator.approvals" });
      expect((await approver.request("bad", "exec.approval.resolve", { id: requested.id, decision: "maybe" })).error).toMatchObject({ message: "invalid decision" });
      expect(payloadOf(await approver.request("ok", "exec.approval.resolve", { id: requested.id, decision: "allow-once" }))).toEqual({ ok: true });
      expect(payloadOf(await asked)).toMatchObject({ id: requested.id, decision: "allow-once" });
      expect(payloadOf(await runner.event("exec.approval.resolved"))).toMatchObject({ id: requested.id, decision: "allow-once", resolvedBy: "phone" });
      expect(reader.frames.some((f) => String(f.event).startsWith("exec.approval"))).toBe(false);
      expect((await approver.request("again", "exec.approval.resolve", { id: requested.id, decision: "deny" })).error).toMatchObject({ message: "unknown approval id" });
    });

    it("refuses more waiting requests than nodes.maxPendingExecApprovals", async () => {
      const server = await startServer(transport, { auth: { mode: "token", token: TOKEN }, nodes: { maxPendingExecApprovals: 1 } });
      const runner = await operator(server, ["operator.admin"]);
      void runner.request("a", "exec.approval.request", { command: "one", timeoutMs: 5000 });
      await runner.event("exec.approval.requested");
      expect((await runner.request("b", "exec.approval.request", { command: "two" })).error).toMatchObject({ code: "UNAVAILABLE", message: "too many approval requests waiting (max 1)" });
    });

    it("answers decision null when nobody decides in time", async () => {
      const server = await start();
      const runner = await operator(server, ["operator.admin"]);
      expect(payloadOf(await runner.request("q", "exec.approval.request", { command: "rm -rf /tmp/x", timeoutMs: 20 }))).toMatchObject({ decision: null });
    });

    it("reads a node's approvals file through the node", async () => {
      const server = await start();
      const admin = await operator(server, ["operator.admin"]);
      const device = createTestDevice();
      const node = await openClient(server);
      const nonce = (payloadOf(await node.event("connect.challenge")) as { nonce: string }).nonce;
      await node.request("c", "connect", signedConnect(device, { nonce, token: TOKEN, role: "node", mode: "node", clientId: "node-host", extra: { commands: ["system.execApprovals.get"] } }));
      const got = admin.request("g", "exec.approvals.node.get", { nodeId: device.id });
      const req = payloadOf(await node.event("node.invoke.request"));
      expect(req).toMatchObject({ command: "system.execApprovals.get", paramsJSON: "{}" });
      await node.request("r", "node.invoke.result", { id: req.id, nodeId: device.id, ok: true, payloadJSON: JSON.stringify({ file: { version: 1 }, hash: "h1" }) });
      expect(payloadOf(await got)).toEqual({ file: { version: 1 }, hash: "h1" });
    });
  });
}
