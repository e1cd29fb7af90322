// The device checks of a connect, in the original's order and with its messages: the id must
// be the key's, the signature fresh, the nonce this connection's challenge (a local client
// may omit it and sign v1), the signature valid over the rebuilt payload.
import { buildDeviceAuthPayload } from "./device-auth-payload.js";
import { deriveDeviceId, normalizePublicKey, verifyDeviceSignature } from "./device-identity.js";

/** How far a device's `signedAt` may be from the gateway's clock (either way). */
export const DEVICE_SIGNATURE_SKEW_MS = 10 * 60_000;

/** The `device` block of a connect. */
export interface DeviceClaim {
  id: string;
  publicKey: string;
  signature: string;
  signedAt: number;
  nonce?: string | undefined;
}

export interface DeviceProofInput {
  device: DeviceClaim;
  clientId: string;
  clientMode: string;
  role: string;
  /** Scopes as the client sent them (not defaulted): the signature covers those. */
  requestedScopes: readonly string[];
  token: string | undefined;
  /** The nonce of this connection's `connect.challenge`. */
  challengeNonce: string;
  /** Loopback (or trusted-proxy local) client: may sign v1 without a nonce. */
  isLocal: boolean;
  nowMs: number;
  skewMs?: number;
}

/** Why a device proof failed (stable, for logs and tests) and the original's message. */
export type DeviceProofFailure =
  | { ok: false; reason: "id-mismatch"; message: "device identity mismatch" }
  | { ok: false; reason: "stale"; message: "device signature expired" }
  | { ok: false; reason: "nonce-missing"; message: "device nonce required" }
  | { ok: false; reason: "nonce-mismatch"; message: "device nonce mismatch" }
  | { ok: false; reason: "signature"; message: "device signature invalid" }
  | { ok: false; reason: "public-key"; message: "device public key invalid" };

/** Verifies a connect's device block; on success returns the canonical public key to pair by. */
export function checkDeviceProof(input: DeviceProofInput): { ok: true; publicKey: string } | DeviceProofFailure {
  const { device } = input;
  const derived = deriveDeviceId(device.publicKey);
  if (!derived || derived !== device.id) return { ok: false, reason: "id-mismatch", message: "device identity mismatch" };
  if (!Number.isFinite(device.signedAt) || Math.abs(input.nowMs - device.signedAt) > (input.skewMs ?? DEVICE_SIGNATURE_SKEW_MS)) {
    return { ok: false, reason: "stale", message: "device signature expired" };
  }
  const nonce = typeof device.nonce === "string" ? device.nonce.trim() : "";
  if (!input.isLocal && !nonce) return { ok: false, reason: "nonce-missing", message: "device nonce required" };
  if (nonce && nonce !== input.challengeNonce) return { ok: false, reason: "nonce-mismatch", message: "device nonce mismatch" };
  const payload = buildDeviceAuthPayload({
    deviceId: device.id,
    clientId: input.clientId,
    clientMode: input.clientMode,
    role: input.role,
    scopes: input.requestedScopes,
    signedAtMs: device.signedAt,
    token: input.token,
    nonce: nonce || undefined,
    version: nonce ? "v2" : "v1",
  });
  if (!verifyDeviceSignature(device.publicKey, payload, device.signature)) return { ok: false, reason: "signature", message: "device signature invalid" };
  const publicKey = normalizePublicKey(device.publicKey);
  if (!publicKey) return { ok: false, reason: "public-key", message: "device public key invalid" };
  return { ok: true, publicKey };
}
