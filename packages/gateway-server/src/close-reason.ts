import { MAX_CLOSE_REASON_BYTES } from "./limits.js";

/** Close reason of an inbound message over maxPayloadBytes (code 1009), the same on both transports. */
export const MAX_PAYLOAD_CLOSE_REASON = "Max payload size exceeded";

const encoder = new TextEncoder();

/**
 * Fits a close reason into `maxBytes` UTF-8 bytes without cutting a character in half
 * (upstream cut at the byte level and could emit invalid UTF-8, which peers may reject).
 */
export function truncateCloseReason(reason: string, maxBytes: number = MAX_CLOSE_REASON_BYTES): string {
  if (encoder.encode(reason).length <= maxBytes) return reason;
  let bytes = 0;
  let out = "";
  // Iterating a string yields whole code points, so surrogate pairs stay together.
  for (const char of reason) {
    const size = encoder.encode(char).length;
    if (bytes + size > maxBytes) break;
    bytes += size;
    out += char;
  }
  return out;
}
