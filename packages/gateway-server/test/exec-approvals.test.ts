// exec.approval.request/resolve between operators, and exec.approvals.node.get through a node.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
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
      (
        await connectClient(server, {
          scopes,
          auth: { token: TOKEN },
          ...(displayName ? { client: { id: "test", version: "1", platform: "linux", mode: "test", displayName } } : {}),
        })
      ).client;

    it("asks operators holding operator.approvals and returns the decision to the caller", async () => {
      const server = await start();
      const runner = await operator(server, ["operator.approvals"]);
      const approver = await operator(server, ["operator.approvals"], "phone");
      const reader = await operator(server, ["operator.read"]);
      const asked = runner.request("q", "exec.approval.request", { command: "echo hi", host: "node", timeoutMs: 10_000 });
      const requested = payloadOf(await approver.event("exec.approval.requested"));
      expect(requested).toMatchObject({ request: { command: "echo hi", host: "node", cwd: null }, expiresAtMs: expect.any(Number) });
      expect((await reader.request("x", "exec.approval.resolve", { id: requested.id, decision: "allow-once" })).error).toMatchObject({
        message: "missing scope: operator.approvals",
      });
      expect((await approver.request("bad", "exec.approval.resolve", { id: requested.id, decision: "maybe" })).error).toMatchObject({
        message: "invalid decision",
      });
      expect(payloadOf(await approver.request("ok", "exec.approval.resolve", { id: requested.id, decision: "allow-once" }))).toEqual({ ok: true });
      expect(payloadOf(await asked)).toMatchObject({ id: requested.id, decision: "allow-once" });
      expect(payloadOf(await runner.event("exec.approval.resolved"))).toMatchObject({ id: requested.id, decision: "allow-once", resolvedBy: "phone" });
      expect(reader.frames.some((f) => String(f.event).startsWith("exec.approval"))).toBe(false);
      expect((await approver.request("again", "exec.approval.resolve", { id: requested.id, decision: "deny" })).error).toMatchObject({
        message: "unknown approval id",
      });
    });

    it("refuses more waiting requests than nodes.maxPendingExecApprovals", async () => {
      const server = await startServer(transport, { auth: { mode: "token", token: TOKEN }, nodes: { maxPendingExecApprovals: 1 } });
      const runner = await operator(server, ["operator.admin"]);
      void runner.request("a", "exec.approval.request", { command: "one", timeoutMs: 5000 });
      await runner.event("exec.approval.requested");
      expect((await runner.request("b", "exec.approval.request", { command: "two" })).error).toMatchObject({
        code: "UNAVAILABLE",
        message: "too many approval requests waiting (max 1)",
      });
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
      await node.request(
        "c",
        "connect",
        signedConnect(device, { nonce, token: TOKEN, role: "node", mode: "node", clientId: "node-host", extra: { commands: ["system.execApprovals.get"] } }),
      );
      const got = admin.request("g", "exec.approvals.node.get", { nodeId: device.id });
      const req = payloadOf(await node.event("node.invoke.request"));
      expect(req).toMatchObject({ command: "system.execApprovals.get", paramsJSON: "{}" });
      await node.request("r", "node.invoke.result", {
        id: req.id,
        nodeId: device.id,
        ok: true,
        payloadJSON: JSON.stringify({ file: { version: 1 }, hash: "h1" }),
      });
      expect(payloadOf(await got)).toEqual({ file: { version: 1 }, hash: "h1" });
    });
  });
}

// exec.approvals.get/set: the gateway's own approvals file, over real sockets.
for (const transport of TRANSPORTS) {
  describe.skipIf(transport === "uws" && !UWS_LOADS)(`the gateway's exec approvals file over ${transportLabel(transport)}`, () => {
    const start = (stateDir = mkdtempSync(join(tmpdir(), "gw-approvals-"))) => startServer(transport, { auth: { mode: "token", token: TOKEN }, stateDir });
    const operator = async (server: GatewayServer, scopes: string[]) => (await connectClient(server, { scopes, auth: { token: TOKEN } })).client;

    it("get creates the file; set with the hash saves an allowlist entry that the next get shows; a stale hash is refused", async () => {
      const stateDir = mkdtempSync(join(tmpdir(), "gw-approvals-"));
      const server = await start(stateDir);
      const admin = await operator(server, ["operator.admin"]);
      const first = payloadOf(await admin.request("g1", "exec.approvals.get", {}));
      const path = join(stateDir, "exec-approvals.json");
      expect(first).toMatchObject({
        path,
        exists: true,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        file: { version: 1, socket: { path: join(stateDir, "exec-approvals.sock") }, agents: {} },
      });
      const token = JSON.parse(readFileSync(path, "utf8")).socket.token as string;
      expect(token.length).toBeGreaterThan(20);
      expect(JSON.stringify(first)).not.toContain(token);
      const file = { ...(first.file as object), agents: { main: { security: "allowlist", allowlist: [{ pattern: "/usr/bin/uname" }] } } };
      const saved = payloadOf(await admin.request("s1", "exec.approvals.set", { file, baseHash: first.hash }));
      expect(saved.hash).not.toBe(first.hash);
      expect(JSON.stringify(saved)).not.toContain(token);
      const again = payloadOf(await admin.request("g2", "exec.approvals.get"));
      expect(again).toEqual(saved);
      expect((again.file as any).agents.main.allowlist).toEqual([{ id: expect.any(String), pattern: "/usr/bin/uname" }]);
      // The token survived the save although the client never saw it.
      expect(JSON.parse(readFileSync(path, "utf8")).socket.token).toBe(token);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const stale = await admin.request("s2", "exec.approvals.set", { file: { version: 1 }, baseHash: first.hash });
      expect(stale.error).toEqual({ code: "INVALID_REQUEST", message: "exec approvals changed since last load; re-run exec.approvals.get and retry" });
      const missing = await admin.request("s3", "exec.approvals.set", { file: { version: 1 } });
      expect(missing.error).toEqual({ code: "INVALID_REQUEST", message: "exec approvals base hash required; re-run exec.approvals.get and retry" });
    });

    it("validates params as the original's schema, and both methods need operator.admin", async () => {
      const server = await start();
      const admin = await operator(server, ["operator.admin"]);
      const { hash } = payloadOf(await admin.request("g", "exec.approvals.get"));
      const bad = await admin.request("s", "exec.approvals.set", { file: { version: 2 }, baseHash: hash });
      expect(bad.error).toMatchObject({ code: "INVALID_REQUEST", message: expect.stringMatching(/^invalid exec\.approvals\.set params: .*version/) });
      const extra = await admin.request("s2", "exec.approvals.set", {
        file: { version: 1, agents: { main: { allowlist: [{ pattern: "ls", color: "red" }] } } },
        baseHash: hash,
      });
      expect((extra.error as { message?: string }).message).toMatch(/^invalid exec\.approvals\.set params: .*color/);
      expect(((await admin.request("g2", "exec.approvals.get", { nodeId: "x" })).error as { message?: string }).message).toMatch(
        /^invalid exec\.approvals\.get params/,
      );
      const reader = await operator(server, ["operator.read", "operator.write", "operator.approvals", "operator.pairing"]);
      expect((await reader.request("r1", "exec.approvals.get")).error).toEqual({ code: "INVALID_REQUEST", message: "missing scope: operator.admin" });
      expect((await reader.request("r2", "exec.approvals.set", { file: { version: 1 }, baseHash: hash })).error).toEqual({
        code: "INVALID_REQUEST",
        message: "missing scope: operator.admin",
      });
    });

    it("reports a corrupt file with its path and does not replace it", async () => {
      const stateDir = mkdtempSync(join(tmpdir(), "gw-approvals-"));
      const path = join(stateDir, "exec-approvals.json");
      writeFileSync(path, "{ half a file");
      const server = await start(stateDir);
      const admin = await operator(server, ["operator.admin"]);
      const res = await admin.request("g", "exec.approvals.get");
      expect(res.error).toMatchObject({
        code: "UNAVAILABLE",
        message: expect.stringContaining(`exec approvals file ${path} is unreadable (not valid JSON`),
        details: { path },
      });
      expect(((await admin.request("s", "exec.approvals.set", { file: { version: 1 }, baseHash: "x" })).error as { code?: string }).code).toBe("UNAVAILABLE");
      expect(readFileSync(path, "utf8")).toBe("{ half a file");
    });
  });
}
