// A device key pair for tests and signed `connect` params, built the way the original's
// clients build them (checked against recorded vectors in src/device-proof.test.ts).
import { createHash, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { buildDeviceAuthPayload } from "../src/device-auth-payload.js";
import { ED25519_SPKI_PREFIX } from "../src/device-identity.js";
import { connectParams } from "./harness.js";

export interface TestDevice {
  id: string;
  publicKey: string;
  privateKey: KeyObject;
}

/** A fresh Ed25519 device. */
export function createTestDevice(): TestDevice {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = publicKey.export({ type: "spki", format: "der" }).subarray(ED25519_SPKI_PREFIX.length);
  return { id: createHash("sha256").update(raw).digest("hex"), publicKey: raw.toString("base64url"), privateKey };
}

export interface SignedConnectOptions {
  nonce?: string | undefined;
  role?: string;
  scopes?: string[];
  token?: string;
  clientId?: string;
  mode?: string;
  signedAt?: number;
  extra?: Record<string, unknown>;
  /** Sign with another device's key (a forgery). */
  signer?: TestDevice;
}

/** Connect params carrying a device block signed over the v2 payload (v1 without a nonce). */
export function signedConnect(device: TestDevice, options: SignedConnectOptions = {}): Record<string, unknown> {
  const role = options.role ?? "operator";
  const clientId = options.clientId ?? "test";
  const mode = options.mode ?? "test";
  const signedAt = options.signedAt ?? Date.now();
  const scopes = options.scopes ?? [];
  const payload = buildDeviceAuthPayload({
    deviceId: device.id,
    clientId,
    clientMode: mode,
    role,
    scopes,
    signedAtMs: signedAt,
    token: options.token,
    nonce: options.nonce,
    version: options.nonce ? "v2" : "v1",
  });
  const signature = sign(null, Buffer.from(payload, "utf8"), (options.signer ?? device).privateKey).toString("base64url");
  const block: Record<string, unknown> = { id: device.id, publicKey: device.publicKey, signature, signedAt };
  if (options.nonce) block.nonce = options.nonce;
  return connectParams({
    client: { id: clientId, version: "1.0.0", platform: "linux", mode },
    role,
    scopes,
    device: block,
    ...(options.token ? { auth: { token: options.token } } : {}),
    ...options.extra,
  });
}
