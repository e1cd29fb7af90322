// Device identity and pairing over real sockets: signed connects, NOT_PAIRED and approval,
// device tokens, scoped pairing events, and the refusals a forged or replayed connect gets.
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTestDevice, signedConnect, type SignedConnectOptions, type TestDevice } from "./device-keys.js";
import type { GatewayServer } from "../src/index.js";
import { connectClient, type Frame, openClient, startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "./harness.js";

const TOKEN = "shared-secret-token";
const REMOTE = { "x-forwarded-for": "203.0.113.7" };

/** Opens a client (remote when `headers` carry a forwarded address) and connects with a signed device. */
async function deviceConnect(
  server: GatewayServer,
  device: TestDevice,
  options: SignedConnectOptions & { headers?: Record<string, string>; replayNonce?: string } = {},
) {
  const client = await openClient(server, options.headers ? { headers: options.headers } : {});
  const challenge = await client.event("connect.challenge");
  const nonce = options.replayNonce ?? (challenge.payload as { nonce: string }).nonce;
  const hello = await client.request("c1", "connect", signedConnect(device, { nonce, token: TOKEN, ...options }));
  return { client, hello, nonce };
}
const operator = (server: GatewayServer, scopes: string[]) => connectClient(server, { role: "operator", scopes, auth: { token: TOKEN } });
const payloadOf = (frame: Frame) => frame.payload as Record<string, unknown>;

for (const transport of TRANSPORTS) {
  describe.skipIf(transport === "uws" && !UWS_LOADS)(`devices over ${transportLabel(transport)}`, () => {
    // The REMOTE headers stand for a reverse proxy on loopback: it must be trusted for its X-Forwarded-For to count.
    const start = (stateDir = mkdtempSync(join(tmpdir(), "gw-devices-"))) =>
      startServer(transport, { auth: { mode: "token", token: TOKEN }, stateDir, trustedProxies: ["127.0.0.1", "::1"] });

    it("auto-approves a local device, hands it a token and tells only pairing operators", async () => {
      const server = await start();
      const { client: pairing } = await operator(server, ["operator.pairing"]);
      const { client: reader } = await operator(server, ["operator.read"]);
      const device = createTestDevice();
      const { hello } = await deviceConnect(server, device, { scopes: ["operator.read"] });
      expect(hello.ok).toBe(true);
      const auth = payloadOf(hello).auth as Record<string, unknown>;
      expect(auth).toMatchObject({ role: "operator", scopes: ["operator.read"] });
      expect(auth.deviceToken).toMatch(/^[0-9a-f]{32}$/);
      const resolved = await pairing.event("device.pair.resolved");
      expect(payloadOf(resolved)).toMatchObject({ deviceId: device.id, decision: "approved" });
      expect(typeof resolved.seq).toBe("number");
      await reader.request("r", "health");
      expect(reader.frames.some((f) => f.event === "device.pair.resolved")).toBe(false);
    });

    it("does not rewrite the store when a paired device connects again unchanged", async () => {
      const stateDir = mkdtempSync(join(tmpdir(), "gw-devices-"));
      const server = await start(stateDir);
      const device = createTestDevice();
      const first = await deviceConnect(server, device, { scopes: ["operator.read"] });
      const token = (payloadOf(first.hello).auth as { deviceToken: string }).deviceToken;
      await deviceConnect(server, device, { scopes: ["operator.read"], token });
      const inode = statSync(join(stateDir, "devices", "paired.json")).ino;
      for (const t of [token, TOKEN]) expect((await deviceConnect(server, device, { scopes: ["operator.read"], token: t })).hello.ok).toBe(true);
      expect(statSync(join(stateDir, "devices", "paired.json")).ino).toBe(inode);
      // A new name is worth a write.
      await deviceConnect(server, device, {
        scopes: ["operator.read"],
        token,
        extra: { client: { id: "test", version: "1.0.0", platform: "linux", mode: "test", displayName: "renamed" } },
      });
      expect(statSync(join(stateDir, "devices", "paired.json")).ino).not.toBe(inode);
    });

    it("makes a remote device ask, then approves it and accepts its device token instead of the shared one", async () => {
      const stateDir = mkdtempSync(join(tmpdir(), "gw-devices-"));
      const server = await start(stateDir);
      const { client: admin } = await operator(server, ["operator.pairing"]);
      const device = createTestDevice();
      const first = await deviceConnect(server, device, { headers: REMOTE, role: "node", mode: "node", clientId: "node-host" });
      expect(first.hello.error).toMatchObject({ code: "NOT_PAIRED", message: "pairing required" });
      const requestId = ((first.hello.error as Frame).details as { requestId: string }).requestId;
      expect(await first.client.closeInfo()).toEqual({ code: 1008, reason: "pairing required" });
      const requested = await admin.event("device.pair.requested");
      expect(payloadOf(requested)).toMatchObject({ requestId, deviceId: device.id, role: "node", remoteIp: "203.0.113.7", silent: false, isRepair: false });
      // A reconnect reuses the pending request.
      const again = await deviceConnect(server, device, { headers: REMOTE, role: "node", mode: "node", clientId: "node-host" });
      expect(((again.hello.error as Frame).details as { requestId: string }).requestId).toBe(requestId);
      const list = await admin.request("l", "device.pair.list", {});
      expect(payloadOf(list).pending).toEqual([expect.objectContaining({ requestId, deviceId: device.id })]);
      const approved = await admin.request("a", "device.pair.approve", { requestId });
      expect(payloadOf(approved)).toMatchObject({ requestId, device: { deviceId: device.id, roles: ["node"] } });
      expect(JSON.stringify(payloadOf(approved))).not.toMatch(/"token":/);
      const paired = await deviceConnect(server, device, { headers: REMOTE, role: "node", mode: "node", clientId: "node-host" });
      const token = (payloadOf(paired.hello).auth as { deviceToken: string }).deviceToken;
      const stored = JSON.parse(readFileSync(join(stateDir, "devices", "paired.json"), "utf8"));
      expect(stored[device.id].tokens.node.token).toBe(token);
      expect(statSync(join(stateDir, "devices", "paired.json")).mode & 0o777).toBe(0o600);
      // The device token replaces the shared one (signed over it).
      const byToken = await deviceConnect(server, device, { headers: REMOTE, role: "node", mode: "node", clientId: "node-host", token });
      expect(byToken.hello.ok).toBe(true);
      // Revoked: the token no longer authenticates.
      const revoked = await admin.request("rv", "device.token.revoke", { deviceId: device.id, role: "node" });
      expect(payloadOf(revoked)).toMatchObject({ deviceId: device.id, role: "node" });
      const refused = await deviceConnect(server, device, { headers: REMOTE, role: "node", mode: "node", clientId: "node-host", token });
      expect(refused.hello.error).toMatchObject({ code: "INVALID_REQUEST", message: expect.stringMatching(/^unauthorized/) });
      expect((await refused.client.closeInfo()).code).toBe(1008);
    });

    it("treats a role or scope the device was not paired for as an upgrade request", async () => {
      const server = await start();
      const { client: admin } = await operator(server, ["operator.admin"]);
      const device = createTestDevice();
      expect((await deviceConnect(server, device, { headers: REMOTE, scopes: ["operator.read"] })).hello.error).toMatchObject({ code: "NOT_PAIRED" });
      const requestId = payloadOf(await admin.event("device.pair.requested")).requestId;
      await admin.request("a", "device.pair.approve", { requestId });
      expect((await deviceConnect(server, device, { headers: REMOTE, scopes: ["operator.read"] })).hello.ok).toBe(true);
      const upgrade = await deviceConnect(server, device, { headers: REMOTE, scopes: ["operator.read", "operator.admin"] });
      expect(upgrade.hello.error).toMatchObject({ code: "NOT_PAIRED" });
      const reject = await admin.request("rj", "device.pair.reject", {
        requestId: ((upgrade.hello.error as Frame).details as { requestId: string }).requestId,
      });
      expect(payloadOf(reject)).toMatchObject({ deviceId: device.id });
      expect((await admin.request("x", "device.pair.approve", { requestId: "nope" })).error).toMatchObject({
        code: "INVALID_REQUEST",
        message: "unknown requestId",
      });
    });

    it("refuses a forged signature, a replayed connect, a stale one and a wrong id (INVALID_REQUEST, 1008)", async () => {
      const server = await start();
      const device = createTestDevice();
      const forged = await deviceConnect(server, device, { signer: createTestDevice() });
      expect(forged.hello.error).toMatchObject({ code: "INVALID_REQUEST", message: "device signature invalid" });
      expect(await forged.client.closeInfo()).toEqual({ code: 1008, reason: "device signature invalid" });
      const used = await deviceConnect(server, device);
      expect(used.hello.ok).toBe(true);
      const replay = await deviceConnect(server, device, { replayNonce: used.nonce });
      expect(replay.hello.error).toMatchObject({ message: "device nonce mismatch" });
      const stale = await deviceConnect(server, device, { signedAt: Date.now() - 11 * 60_000 });
      expect(stale.hello.error).toMatchObject({ message: "device signature expired" });
      const remoteV1 = await deviceConnect(server, device, { headers: REMOTE, replayNonce: "" });
      expect(remoteV1.hello.error).toMatchObject({ message: "device nonce required" });
      const other = createTestDevice();
      const wrongId = await deviceConnect(server, { ...device, id: other.id });
      expect(wrongId.hello.error).toMatchObject({ message: "device identity mismatch" });
      expect((await wrongId.client.closeInfo()).code).toBe(1008);
    });

    it("refuses pairing methods to an operator without operator.pairing, and operator methods to a node", async () => {
      const server = await start();
      const { client: reader } = await operator(server, ["operator.read", "operator.write"]);
      const denied = await reader.request("a", "device.pair.approve", { requestId: "x" });
      expect(denied.error).toMatchObject({ code: "INVALID_REQUEST", message: "missing scope: operator.pairing" });
      const { hello, client: node } = await deviceConnect(server, createTestDevice(), { role: "node", mode: "node", clientId: "node-host" });
      expect(hello.ok).toBe(true);
      for (const method of ["device.pair.list", "node.list", "node.invoke", "status"]) {
        expect((await node.request(method, method, {})).error).toMatchObject({ message: "unauthorized role: node" });
      }
      expect((await reader.request("r", "node.invoke.result", { id: "x", nodeId: "y", ok: true })).error).toMatchObject({
        message: "unauthorized role: operator",
      });
    });

    it("reports a corrupt device store instead of resetting it", async () => {
      const stateDir = mkdtempSync(join(tmpdir(), "gw-devices-"));
      mkdirSync(join(stateDir, "devices"));
      writeFileSync(join(stateDir, "devices", "paired.json"), "{ corrupt");
      const server = await start(stateDir);
      const { hello, client } = await deviceConnect(server, createTestDevice());
      expect(hello.error).toMatchObject({ code: "UNAVAILABLE", message: expect.stringMatching(/paired\.json is unreadable.*never reset/) });
      expect((await client.closeInfo()).code).toBe(1011);
      const { client: admin } = await operator(server, ["operator.admin"]);
      expect((await admin.request("l", "device.pair.list", {})).error).toMatchObject({ code: "UNAVAILABLE", message: expect.stringMatching(/unreadable/) });
      expect(readFileSync(join(stateDir, "devices", "paired.json"), "utf8")).toBe("{ corrupt");
    });

    it("refuses new devices once nodes.maxPendingPairingRequests are waiting", async () => {
      const server = await startServer(transport, { auth: { mode: "token", token: TOKEN }, nodes: { maxPendingPairingRequests: 1 } });
      expect((await deviceConnect(server, createTestDevice(), { headers: REMOTE })).hello.error).toMatchObject({ code: "NOT_PAIRED" });
      const full = await deviceConnect(server, createTestDevice(), { headers: REMOTE });
      expect(full.hello.error).toMatchObject({ code: "UNAVAILABLE", message: "too many pending pairing requests (max 1)", retryable: true });
      expect((await full.client.closeInfo()).code).toBe(1013);
    });

    it("can ask local devices too (gateway.nodes.autoApproveLocal: false)", async () => {
      const server = await startServer(transport, { auth: { mode: "token", token: TOKEN }, nodes: { autoApproveLocal: false } });
      expect((await deviceConnect(server, createTestDevice())).hello.error).toMatchObject({ code: "NOT_PAIRED" });
    });
  });
}
