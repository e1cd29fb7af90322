// The legacy node pairing store (node.pair.*), served as the original serves it.
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { connectClient, type Frame, startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "./harness.js";

const payloadOf = (frame: Frame) => frame.payload as Record<string, unknown>;

for (const transport of TRANSPORTS) {
  describe.skipIf(transport === "uws" && !UWS_LOADS)(`node.pair.* over ${transportLabel(transport)}`, () => {
    it("requests, lists, approves, verifies and rejects, with events for pairing operators", async () => {
      const stateDir = mkdtempSync(join(tmpdir(), "gw-nodepair-"));
      const server = await startServer(transport, { stateDir });
      const { client: admin } = await connectClient(server, { scopes: ["operator.pairing"] });
      const { client: reader } = await connectClient(server, { scopes: ["operator.read"] });
      const requested = payloadOf(await admin.request("q", "node.pair.request", { nodeId: "n1", displayName: "bridge", commands: ["canvas.eval"] }));
      expect(requested).toMatchObject({ status: "pending", created: true, request: { nodeId: "n1", displayName: "bridge", isRepair: false } });
      const requestId = (requested.request as { requestId: string }).requestId;
      expect(payloadOf(await admin.event("node.pair.requested"))).toMatchObject({ requestId, nodeId: "n1" });
      expect(payloadOf(await admin.request("q2", "node.pair.request", { nodeId: "n1" }))).toMatchObject({ created: false });
      expect(payloadOf(await admin.request("l", "node.pair.list", {}))).toMatchObject({ pending: [{ requestId }], paired: [] });
      const approved = payloadOf(await admin.request("a", "node.pair.approve", { requestId }));
      const token = (approved.node as { token: string }).token;
      expect(token).toMatch(/^[0-9a-f]{32}$/);
      expect(payloadOf(await admin.event("node.pair.resolved"))).toMatchObject({ requestId, nodeId: "n1", decision: "approved" });
      expect(payloadOf(await admin.request("v", "node.pair.verify", { nodeId: "n1", token }))).toMatchObject({ ok: true, node: { nodeId: "n1" } });
      expect(payloadOf(await admin.request("v2", "node.pair.verify", { nodeId: "n1", token: "wrong" }))).toEqual({ ok: false });
      expect(JSON.stringify(payloadOf(await admin.request("l2", "node.pair.list", {})))).not.toContain(token);
      expect((await admin.request("r", "node.pair.reject", { requestId })).error).toMatchObject({ message: "unknown requestId" });
      expect((await reader.request("x", "node.pair.list", {})).error).toMatchObject({ message: "missing scope: operator.pairing" });
      expect(reader.frames.some((f) => String(f.event).startsWith("node.pair"))).toBe(false);
      expect(JSON.parse(readFileSync(join(stateDir, "nodes", "paired.json"), "utf8")).n1.token).toBe(token);
      expect(statSync(join(stateDir, "nodes", "paired.json")).mode & 0o777).toBe(0o600);
    });
  });
}
