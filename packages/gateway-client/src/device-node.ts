// Node's side of device identity (entry `@clawd/gateway-client/device`): an Ed25519 key pair
// in the original's `device.json` format, and a signer over it. Pure apart from node:crypto:
// the caller reads and writes the file (atomically, mode 0600).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from "node:crypto";
import type { DeviceSigner } from "./device-signer.js";

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw key follows it. */
const ED25519_SPKI_PREFIX_BYTES = 12;

/** The stored identity (the original's `identity/device.json`, version 1). */
export interface StoredDeviceIdentity {
  version: 1;
  deviceId: string;
  publicKeyPem: string;
  privateKeyPem: string;
  createdAtMs: number;
}

/** The device token the gateway handed out in `hello-ok.auth`, as stored per role. */
export interface StoredDeviceToken {
  token: string;
  role: string;
  scopes: string[];
  updatedAtMs: number;
}

const rawPublicKey = (publicKeyPem: string): Buffer =>
  createPublicKey(publicKeyPem).export({ type: "spki", format: "der" }).subarray(ED25519_SPKI_PREFIX_BYTES);

/** A new identity; its id is the SHA-256 of the raw public key, as the gateway derives it. */
export function generateDeviceIdentity(nowMs = Date.now()): StoredDeviceIdentity {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  return {
    version: 1,
    deviceId: createHash("sha256").update(rawPublicKey(publicKeyPem)).digest("hex"),
    publicKeyPem,
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    createdAtMs: nowMs,
  };
}

/** Parses a stored identity; throws naming what is wrong (a corrupt key file is never replaced silently). */
export function parseDeviceIdentity(text: string): StoredDeviceIdentity {
  const parsed = JSON.parse(text) as Partial<StoredDeviceIdentity>;
  if (parsed?.version !== 1 || typeof parsed.publicKeyPem !== "string" || typeof parsed.privateKeyPem !== "string") {
    throw new Error("not a version 1 device identity (publicKeyPem, privateKeyPem)");
  }
  const deviceId = createHash("sha256").update(rawPublicKey(parsed.publicKeyPem)).digest("hex");
  return { version: 1, deviceId, publicKeyPem: parsed.publicKeyPem, privateKeyPem: parsed.privateKeyPem, createdAtMs: parsed.createdAtMs ?? 0 };
}

/** The signer the client uses for an identity. */
export function deviceSigner(identity: StoredDeviceIdentity): DeviceSigner {
  const key = createPrivateKey(identity.privateKeyPem);
  return {
    id: identity.deviceId,
    publicKey: rawPublicKey(identity.publicKeyPem).toString("base64url"),
    sign: (payload) => sign(null, Buffer.from(payload, "utf8"), key).toString("base64url"),
  };
}

export type { DeviceSigner } from "./device-signer.js";
