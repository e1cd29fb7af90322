// A device identity as the client uses it: an id, a public key and a way to sign. Kept
// abstract so browsers (WebCrypto) and Node (node:crypto, see `@clawd/gateway-client/device`)
// can both provide one; the client only builds the payload and attaches the signature.
import { buildDeviceAuthPayload } from "./device-auth-payload.js";

/** What the client needs to sign a connect as a device. */
export interface DeviceSigner {
  /** Lowercase hex SHA-256 of the raw Ed25519 public key. */
  id: string;
  /** The raw 32-byte public key, unpadded base64url. */
  publicKey: string;
  /** Signs the UTF-8 payload with Ed25519; returns the signature as unpadded base64url. */
  sign(payload: string): string | Promise<string>;
}

/** The `device` block of a connect. */
export interface DeviceBlock {
  id: string;
  publicKey: string;
  signature: string;
  signedAt: number;
  nonce?: string;
}

/** Signs this connect (its client, role, scopes, token and the challenge nonce) as the device. */
export async function signConnect(
  signer: DeviceSigner,
  params: { client: { id: string; mode: string }; role: string; scopes: readonly string[]; auth?: { token?: string } },
  nonce: string | undefined,
  nowMs: number,
): Promise<DeviceBlock> {
  const payload = buildDeviceAuthPayload({
    deviceId: signer.id,
    clientId: params.client.id,
    clientMode: params.client.mode,
    role: params.role,
    scopes: params.scopes,
    signedAtMs: nowMs,
    token: params.auth?.token,
    nonce,
  });
  const block: DeviceBlock = { id: signer.id, publicKey: signer.publicKey, signature: await signer.sign(payload), signedAt: nowMs };
  if (nonce) block.nonce = nonce;
  return block;
}
