// Ed25519 device identity (node:crypto, no dependency): the id is the SHA-256 of the raw
// 32-byte public key, keys and signatures travel as unpadded base64url. PEM keys are also
// accepted, as the original accepted them.
import { createHash, createPublicKey, type KeyObject, verify } from "node:crypto";

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw key is the 32 bytes after it. */
export const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
/** Length of a raw Ed25519 public key. */
export const ED25519_PUBLIC_KEY_BYTES = 32;
/** Parsed public keys kept for reuse (a paired device reconnects with the same key); oldest dropped first. */
export const DEVICE_KEY_CACHE_MAX_ENTRIES = 1024;

const keyCache = new Map<string, KeyObject>();

/** The KeyObject of a base64url raw key or a PEM, parsed once per key. */
function publicKeyObject(publicKey: string): KeyObject {
  let key = keyCache.get(publicKey);
  if (key) return key;
  key = publicKey.includes("BEGIN")
    ? createPublicKey(publicKey)
    : createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKey, "base64url")]), format: "der", type: "spki" });
  if (keyCache.size >= DEVICE_KEY_CACHE_MAX_ENTRIES) keyCache.delete(keyCache.keys().next().value as string);
  keyCache.set(publicKey, key);
  return key;
}

/** Unpadded base64url, the encoding of keys and signatures on the wire. */
export function base64UrlEncode(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}

/** Raw public key bytes from base64url (or standard base64) or a PEM SPKI; null when unreadable. */
export function publicKeyBytes(publicKey: string): Buffer | null {
  try {
    if (publicKey.includes("BEGIN")) {
      const der = createPublicKey(publicKey).export({ type: "spki", format: "der" });
      const isEd25519 =
        der.length === ED25519_SPKI_PREFIX.length + ED25519_PUBLIC_KEY_BYTES && der.subarray(0, ED25519_SPKI_PREFIX.length).equals(ED25519_SPKI_PREFIX);
      return isEd25519 ? der.subarray(ED25519_SPKI_PREFIX.length) : der;
    }
    const raw = Buffer.from(publicKey, "base64url");
    return raw.length > 0 ? raw : null;
  } catch {
    return null;
  }
}

/** The device id a public key stands for: lowercase hex SHA-256 of the raw key; null when unreadable. */
export function deriveDeviceId(publicKey: string): string | null {
  const raw = publicKeyBytes(publicKey);
  return raw ? createHash("sha256").update(raw).digest("hex") : null;
}

/** The canonical (base64url, raw key) form of a public key, as stored with a paired device. */
export function normalizePublicKey(publicKey: string): string | null {
  const raw = publicKeyBytes(publicKey);
  return raw ? base64UrlEncode(raw) : null;
}

/** Whether `signature` (base64url) is the key's pure Ed25519 signature of `payload` (UTF-8). */
export function verifyDeviceSignature(publicKey: string, payload: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(payload, "utf8"), publicKeyObject(publicKey), Buffer.from(signature, "base64url"));
  } catch {
    return false;
  }
}
