import { describe, expect, it } from "vitest";
import {
  approvePairing,
  DEVICE_PAIRING_PENDING_TTL_MS,
  emptyPairingState,
  ensureDeviceToken,
  pairingNeed,
  type PairingClock,
  pruneExpiredRequests,
  redactPairedDevice,
  rejectPairing,
  requestPairing,
  revokeDeviceToken,
  rotateDeviceToken,
  verifyDeviceToken,
} from "./device-pairing.js";

const filed = (...args: Parameters<typeof requestPairing>) => {
  const result = requestPairing(...args);
  if (!result) throw new Error("pending requests full");
  return result;
};

const clock = (): PairingClock & { t: number } => {
  let n = 0;
  const c = { t: 1_000, now: () => c.t, newRequestId: () => `req-${++n}`, newToken: () => `tok-${++n}` };
  return c;
};
const node = { deviceId: "d1", publicKey: "pk1", clientId: "node-host", clientMode: "node", role: "node", scopes: [] as string[], platform: "linux" };
const operator = { ...node, clientId: "cli", clientMode: "cli", role: "operator", scopes: ["operator.read"] };

describe("device pairing state", () => {
  it("keeps one pending request per device and expires it after the TTL", () => {
    const state = emptyPairingState();
    const c = clock();
    const first = filed(state, node, false, c);
    const again = filed(state, { ...node, displayName: "renamed" }, false, c);
    expect(first.created).toBe(true);
    expect(again).toEqual({ request: first.request, created: false });
    expect(first.request).toMatchObject({ requestId: "req-1", deviceId: "d1", roles: ["node"], silent: false, isRepair: false, ts: 1000 });
    expect(pruneExpiredRequests(state, 1000 + DEVICE_PAIRING_PENDING_TTL_MS)).toBe(false);
    expect(pruneExpiredRequests(state, 1001 + DEVICE_PAIRING_PENDING_TTL_MS)).toBe(true);
    expect(filed(state, node, false, c).request.requestId).toBe("req-2");
  });

  it("approval pairs the device, mints a token for the role and merges later upgrades", () => {
    const state = emptyPairingState();
    const c = clock();
    expect(pairingNeed(undefined, "pk1", "node", [])).toBe("not-paired");
    const { request } = filed(state, node, false, c);
    const approved = approvePairing(state, request.requestId, c);
    expect(approved?.device).toMatchObject({
      deviceId: "d1",
      roles: ["node"],
      approvedAtMs: 1000,
      tokens: { node: { token: "tok-2", role: "node", scopes: [] } },
    });
    expect(state.pendingById).toEqual({});
    const paired = state.pairedById.d1;
    expect(pairingNeed(paired, "pk1", "node", [])).toBeNull();
    expect(pairingNeed(paired, "another key", "node", [])).toBe("not-paired");
    expect(pairingNeed(paired, "pk1", "operator", ["operator.read"])).toBe("role-upgrade");
    const upgrade = filed(state, operator, false, c);
    expect(upgrade.request.isRepair).toBe(true);
    approvePairing(state, upgrade.request.requestId, c);
    const after = state.pairedById.d1;
    expect(after?.roles).toEqual(["node", "operator"]);
    expect(after?.tokens?.node?.token).toBe("tok-2");
    expect(pairingNeed(after, "pk1", "operator", ["operator.read"])).toBeNull();
    expect(pairingNeed(after, "pk1", "operator", ["operator.read", "operator.admin"])).toBe("scope-upgrade");
  });

  it("files no more than maxPending requests, but still returns a device's own", () => {
    const state = emptyPairingState();
    const c = clock();
    expect(requestPairing(state, node, false, c, 1)?.created).toBe(true);
    expect(requestPairing(state, { ...node, deviceId: "d2" }, false, c, 1)).toBeNull();
    expect(requestPairing(state, node, false, c, 1)?.created).toBe(false);
  });

  it("rejects pending requests and unknown ids", () => {
    const state = emptyPairingState();
    const c = clock();
    const { request } = filed(state, node, false, c);
    expect(rejectPairing(state, "nope")).toBeNull();
    expect(approvePairing(state, "nope", c)).toBeNull();
    expect(rejectPairing(state, request.requestId)).toEqual({ requestId: "req-1", deviceId: "d1" });
    expect(state.pendingById).toEqual({});
  });

  it("accepts a token only for its role, unrevoked, with scopes within its own", () => {
    const state = emptyPairingState();
    const c = clock();
    approvePairing(state, filed(state, operator, false, c).request.requestId, c);
    const token = state.pairedById.d1?.tokens?.operator?.token as string;
    const ask = (over: Partial<{ token: string; role: string; scopes: string[]; deviceId: string }>) =>
      verifyDeviceToken(state, { deviceId: "d1", token, role: "operator", scopes: ["operator.read"], ...over }, 5);
    expect(ask({})).toEqual({ ok: true });
    expect(state.pairedById.d1?.tokens?.operator?.lastUsedAtMs).toBe(5);
    expect(ask({ token: `${token}x` })).toEqual({ ok: false, reason: "token-mismatch" });
    expect(ask({ scopes: ["operator.admin"] })).toEqual({ ok: false, reason: "scope-mismatch" });
    expect(ask({ role: "node" })).toEqual({ ok: false, reason: "token-missing" });
    expect(ask({ deviceId: "d2" })).toEqual({ ok: false, reason: "device-not-paired" });
    expect(revokeDeviceToken(state, { deviceId: "d1", role: "operator" }, 9)?.revokedAtMs).toBe(9);
    expect(ask({})).toEqual({ ok: false, reason: "token-revoked" });
    // The next successful connect gets a fresh token.
    const fresh = ensureDeviceToken(state, { deviceId: "d1", role: "operator", scopes: ["operator.read"] }, c);
    expect(fresh?.token).not.toBe(token);
    expect(fresh?.revokedAtMs).toBeUndefined();
    expect(ensureDeviceToken(state, { deviceId: "d1", role: "operator", scopes: ["operator.read"] }, c)).toBe(fresh);
  });

  it("rotates a token with new scopes and redacts tokens from listings", () => {
    const state = emptyPairingState();
    const c = clock();
    approvePairing(state, filed(state, operator, false, c).request.requestId, c);
    c.t = 2000;
    const rotated = rotateDeviceToken(state, { deviceId: "d1", role: "operator", scopes: ["operator.write", "operator.read"] }, c);
    expect(rotated).toMatchObject({ role: "operator", scopes: ["operator.read", "operator.write"], createdAtMs: 1000, rotatedAtMs: 2000 });
    expect(state.pairedById.d1?.scopes).toEqual(["operator.read", "operator.write"]);
    expect(rotateDeviceToken(state, { deviceId: "nope", role: "operator" }, c)).toBeNull();
    const listed = redactPairedDevice(state.pairedById.d1 as never);
    expect(JSON.stringify(listed)).not.toContain(rotated?.token as string);
    expect(listed.tokens).toEqual([{ role: "operator", scopes: ["operator.read", "operator.write"], createdAtMs: 1000, rotatedAtMs: 2000 }]);
  });
});
