import { createHash, createPublicKey, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deviceSigner, generateDeviceIdentity, parseDeviceIdentity } from "./device-node.js";
import { buildDeviceAuthPayload } from "./device-auth-payload.js";
import { signConnect } from "./device-signer.js";

describe("device identity (node)", () => {
  it("derives the id from the raw public key and signs what the gateway verifies", async () => {
    const identity = generateDeviceIdentity(5);
    const signer = deviceSigner(identity);
    const raw = Buffer.from(signer.publicKey, "base64url");
    expect(raw).toHaveLength(32);
    expect(signer.id).toBe(createHash("sha256").update(raw).digest("hex"));
    const params = { client: { id: "cli", mode: "cli" }, role: "operator", scopes: ["operator.read", "operator.pairing"], auth: { token: "t" } };
    const block = await signConnect(signer, params, "nonce-1", 1234);
    expect(block).toMatchObject({ id: signer.id, publicKey: signer.publicKey, signedAt: 1234, nonce: "nonce-1" });
    const payload = buildDeviceAuthPayload({
      deviceId: signer.id,
      clientId: "cli",
      clientMode: "cli",
      role: "operator",
      scopes: params.scopes,
      signedAtMs: 1234,
      token: "t",
      nonce: "nonce-1",
    });
    expect(payload).toBe(`v2|${signer.id}|cli|cli|operator|operator.read,operator.pairing|1234|t|nonce-1`);
    expect(verify(null, Buffer.from(payload), createPublicKey(identity.publicKeyPem), Buffer.from(block.signature, "base64url"))).toBe(true);
    const v1 = await signConnect(signer, params, undefined, 1234);
    expect(v1.nonce).toBeUndefined();
  });

  it("round-trips the stored identity and names what is wrong with a bad one", () => {
    const identity = generateDeviceIdentity();
    expect(parseDeviceIdentity(JSON.stringify(identity))).toEqual(identity);
    expect(parseDeviceIdentity(JSON.stringify({ ...identity, deviceId: "stale" })).deviceId).toBe(identity.deviceId);
    expect(() => parseDeviceIdentity(JSON.stringify({ version: 2 }))).toThrow(/not a version 1 device identity/);
    expect(() => parseDeviceIdentity("{")).toThrow(SyntaxError);
  });
});
