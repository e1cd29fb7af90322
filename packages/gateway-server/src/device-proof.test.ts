// Device proofs against vectors recorded from the original (its node host's and CLI's real
// connects, and connects signed by its own identity code): test/vectors/record-device-vectors.mjs.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildDeviceAuthPayload } from "./device-auth-payload.js";
import { deriveDeviceId, normalizePublicKey } from "./device-identity.js";
import { checkDeviceProof, type DeviceClaim } from "./device-proof.js";

interface Vector {
  name: string;
  params: { client: { id: string; mode: string }; role: string; scopes?: string[]; auth?: { token?: string }; device: DeviceClaim };
  challengeNonce: string;
  nowMs: number;
  isLocal: boolean;
  expect: string;
  signedPayload?: string;
}

const vectors = JSON.parse(readFileSync(new URL("../test/vectors/device-vectors.json", import.meta.url), "utf8")) as Vector[];

const check = (vector: Vector, patch: Partial<Parameters<typeof checkDeviceProof>[0]> = {}) =>
  checkDeviceProof({
    device: vector.params.device,
    clientId: vector.params.client.id,
    clientMode: vector.params.client.mode,
    role: vector.params.role,
    requestedScopes: vector.params.scopes ?? [],
    token: vector.params.auth?.token,
    challengeNonce: vector.challengeNonce,
    isLocal: vector.isLocal,
    nowMs: vector.nowMs,
    ...patch,
  });

describe("device proof (vectors recorded from the original)", () => {
  it("has recorded connects of both the node host and the CLI", () => {
    expect(vectors.filter((v) => v.name.startsWith("recorded")).map((v) => v.params.client.id)).toEqual(expect.arrayContaining(["node-host", "cli"]));
  });

  for (const vector of vectors) {
    it(`${vector.name} → ${vector.expect}`, () => {
      const result = check(vector);
      expect(result.ok ? "ok" : result.reason).toBe(vector.expect);
    });
  }

  it("rebuilds the payload byte for byte as the original signed it", () => {
    for (const vector of vectors.filter((v) => v.signedPayload)) {
      const { device, client, role, scopes, auth } = vector.params;
      const version = vector.signedPayload?.startsWith("v1") ? "v1" : "v2";
      const rebuilt = buildDeviceAuthPayload({
        deviceId: device.id,
        clientId: client.id,
        clientMode: client.mode,
        role,
        scopes: scopes ?? [],
        signedAtMs: device.signedAt,
        token: auth?.token,
        nonce: device.nonce,
        version,
      });
      if (vector.name.includes("id of another key")) continue;
      expect(rebuilt).toBe(vector.signedPayload);
    }
  });

  it("derives the id from the raw key and keeps the key canonical", () => {
    const node = vectors[0] as Vector;
    expect(deriveDeviceId(node.params.device.publicKey)).toBe(node.params.device.id);
    expect(normalizePublicKey(node.params.device.publicKey)).toBe(node.params.device.publicKey);
    expect(deriveDeviceId("")).toBeNull();
  });

  it("refuses a recorded connect replayed on another connection, or with changed scopes or token", () => {
    const node = vectors[0] as Vector;
    expect(check(node)).toMatchObject({ ok: true });
    expect(check(node, { challengeNonce: "another-connection" })).toMatchObject({ ok: false, message: "device nonce mismatch" });
    expect(check(node, { requestedScopes: ["operator.admin"] })).toMatchObject({ ok: false, message: "device signature invalid" });
    expect(check(node, { token: "stolen" })).toMatchObject({ ok: false, message: "device signature invalid" });
    expect(check(node, { role: "operator" })).toMatchObject({ ok: false, message: "device signature invalid" });
    expect(check(node, { nowMs: node.params.device.signedAt + 10 * 60_000 + 1 })).toMatchObject({ ok: false, message: "device signature expired" });
    expect(check(node, { nowMs: node.params.device.signedAt - 10 * 60_000 - 1 })).toMatchObject({ ok: false, message: "device signature expired" });
  });

  it("honours a shorter skew option", () => {
    const node = vectors[0] as Vector;
    expect(check(node, { skewMs: 1000 })).toMatchObject({ ok: false, reason: "stale" });
  });
});
