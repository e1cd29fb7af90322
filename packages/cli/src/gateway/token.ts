import { randomBytes } from "node:crypto";

/** Entropy of a generated gateway token. */
export const GENERATED_TOKEN_BYTES = 32;

/** A strong random token: 32 random bytes, base64url (43 characters). */
export function generateToken(): string {
  return randomBytes(GENERATED_TOKEN_BYTES).toString("base64url");
}
