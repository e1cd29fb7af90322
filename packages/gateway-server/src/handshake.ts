// The pure part of the handshake (protocol §3.4): from the first inbound message to either
// validated connect params or the exact rejection (response error + close code + reason).
import { truncateCloseReason } from "./close-reason.js";
import { type ConnectParams, parseConnectParams } from "./connect-params.js";
import { type ErrorShape, parseRequestFrame } from "./frames.js";
import { PROTOCOL_VERSION } from "./limits.js";
import { normalizeScopes, type Role, ROLES } from "./scopes.js";

/** A refused handshake: what to answer (if anything) and how to close. */
export interface HandshakeRejection {
  ok: false;
  /** Request id to answer, or undefined when the frame had none worth answering. */
  id?: string;
  error?: ErrorShape;
  closeCode: number;
  closeReason: string;
}

export interface HandshakeRequest {
  ok: true;
  id: string;
  params: ConnectParams;
  role: Role;
  scopes: string[];
}

/** Builds a rejection that answers `id` with INVALID_REQUEST and closes 1008 with the same text. */
export function rejectWith(id: string, message: string, extra: Partial<ErrorShape> = {}, closeCode = 1008, closeReason = message): HandshakeRejection {
  return { ok: false, id, error: { code: "INVALID_REQUEST", message, ...extra }, closeCode, closeReason: truncateCloseReason(closeReason) };
}

/** Checks the first inbound message up to (not including) auth, in upstream's order. */
export function checkConnectRequest(text: string, maxClientIdChars?: number): HandshakeRequest | HandshakeRejection {
  const parsed = parseRequestFrame(text);
  if (!parsed.ok) {
    // No reply: the client has not yet proven it speaks the protocol; the reason says why.
    return { ok: false, closeCode: 1008, closeReason: truncateCloseReason(parsed.message) };
  }
  const { id, method, params } = parsed.frame;
  if (method !== "connect") return rejectWith(id, "invalid handshake: first request must be connect");
  const checked = parseConnectParams(params, maxClientIdChars);
  if (!checked.ok) return rejectWith(id, checked.message);
  const { minProtocol, maxProtocol } = checked.params;
  if (maxProtocol < PROTOCOL_VERSION || minProtocol > PROTOCOL_VERSION) {
    return rejectWith(id, "protocol mismatch", { details: { expectedProtocol: PROTOCOL_VERSION } }, 1002);
  }
  const role = checked.params.role ?? "operator";
  if (!(ROLES as readonly string[]).includes(role)) return rejectWith(id, "invalid role");
  return { ok: true, id, params: checked.params, role: role as Role, scopes: normalizeScopes(role as Role, checked.params.scopes) };
}
