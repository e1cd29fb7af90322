// The device steps of a `connect`, between the generic checks and hello-ok: prove the device
// (signature), accept its device token in place of the shared secret, and admit it (paired,
// silently paired when local, or refused with NOT_PAIRED and a pairing request).
import { truncateCloseReason } from "./close-reason.js";
import {
  approvePairing,
  type DeviceDescription,
  type DeviceTokenEntry,
  ensureDeviceToken,
  pairingNeed,
  type PendingDeviceRequest,
  requestPairing,
  updatePairedMetadata,
  verifyDeviceToken,
} from "./device-pairing.js";
import { checkDeviceProof } from "./device-proof.js";
import type { DeviceStore } from "./device-store.js";
import { type HandshakeRejection, type HandshakeRequest, rejectWith } from "./handshake.js";

/**
 * How stale a token's stored `lastUsedAtMs` may get before a connect writes it: every connect
 * would otherwise rewrite the store (two fsyncs) just to move that timestamp.
 */
export const DEVICE_TOKEN_LAST_USED_PERSIST_MS = 60_000;

/** Scope an operator needs (besides operator.admin) to receive pairing events. */
export const PAIRING_SCOPE = "operator.pairing";

/** What the device steps need from the server. */
export interface DeviceGate {
  store: DeviceStore;
  /** Pair local direct clients without asking (gateway.nodes.autoApproveLocal). */
  autoApproveLocal: boolean;
  signatureSkewMs: number;
  /** Most pairing requests pending at once (MAX_PENDING_PAIRING_REQUESTS). */
  maxPendingRequests: number;
  /** Broadcasts a pairing event to operators holding operator.admin or operator.pairing. */
  announce(event: "device.pair.requested" | "device.pair.resolved", payload: unknown): void;
  warn(message: string): void;
}

/** Where the connect came from. */
export interface ConnectOrigin {
  challengeNonce: string;
  isLocal: boolean;
  remoteIp: string | undefined;
}

/** Verifies the connect's device block, if any: the canonical key, or the original's rejection. */
export function proveConnectDevice(gate: DeviceGate, request: HandshakeRequest, origin: ConnectOrigin): { publicKey: string } | HandshakeRejection | undefined {
  const { device, client, scopes, auth } = request.params;
  if (!device) return undefined;
  const proof = checkDeviceProof({
    device,
    clientId: client.id,
    clientMode: client.mode,
    role: request.role,
    requestedScopes: scopes ?? [],
    token: auth?.token,
    challengeNonce: origin.challengeNonce,
    isLocal: origin.isLocal,
    nowMs: gate.store.clock.now(),
    skewMs: gate.signatureSkewMs,
  });
  return proof.ok ? { publicKey: proof.publicKey } : rejectWith(request.id, proof.message);
}

/** Whether `auth.token` is this device's unrevoked token for the role, covering the scopes. */
export async function acceptsDeviceToken(gate: DeviceGate, request: HandshakeRequest): Promise<boolean> {
  const token = request.params.auth?.token;
  const device = request.params.device;
  if (!token || !device) return false;
  try {
    return await gate.store.update((state) => {
      const previous = state.pairedById[device.id]?.tokens?.[request.role]?.lastUsedAtMs ?? 0;
      const now = gate.store.clock.now();
      const checked = verifyDeviceToken(state, { deviceId: device.id, token, role: request.role, scopes: request.scopes }, now);
      return { result: checked.ok, changed: checked.ok && now - previous >= DEVICE_TOKEN_LAST_USED_PERSIST_MS };
    });
  } catch (error) {
    gate.warn(`device token check failed: ${(error as Error).message}`);
    return false;
  }
}

type Admission = { ok: true; token: DeviceTokenEntry } | { ok: false; created: boolean; request: PendingDeviceRequest } | { ok: false; full: true };

/** Admits a proven device: its token for hello-ok, or the NOT_PAIRED rejection (request filed). */
export async function admitConnectDevice(
  gate: DeviceGate,
  request: HandshakeRequest,
  publicKey: string,
  origin: ConnectOrigin,
): Promise<{ ok: true; token: DeviceTokenEntry } | HandshakeRejection> {
  const { client, device } = request.params;
  if (!device) throw new Error("admitConnectDevice: connect has no device");
  const described: DeviceDescription = {
    deviceId: device.id,
    publicKey,
    clientId: client.id,
    clientMode: client.mode,
    role: request.role,
    scopes: [...request.scopes],
  };
  if (client.displayName) described.displayName = client.displayName;
  if (client.platform) described.platform = client.platform;
  if (origin.remoteIp) described.remoteIp = origin.remoteIp;
  const silent = origin.isLocal && gate.autoApproveLocal;
  let autoApproved: string | undefined;
  let admission: Admission;
  try {
    admission = await gate.store.update((state): { result: Admission; changed: boolean } => {
      const need = pairingNeed(state.pairedById[device.id], publicKey, request.role, request.scopes);
      let changed = false;
      if (need) {
        const filed = requestPairing(state, described, silent, gate.store.clock, gate.maxPendingRequests);
        if (!filed) return { result: { ok: false, full: true }, changed: false };
        if (!filed.request.silent) return { result: { ok: false, ...filed }, changed: filed.created };
        approvePairing(state, filed.request.requestId, gate.store.clock);
        autoApproved = filed.request.requestId;
        changed = true;
      } else changed = updatePairedMetadata(state, described);
      const before = state.pairedById[device.id]?.tokens?.[request.role];
      const token = ensureDeviceToken(state, { deviceId: device.id, role: request.role, scopes: request.scopes }, gate.store.clock);
      if (!token) throw new Error("paired device vanished during its connect");
      return { result: { ok: true, token }, changed: changed || token !== before };
    });
  } catch (error) {
    const message = `device pairing unavailable: ${(error as Error).message}`;
    gate.warn(message);
    return rejectWith(request.id, message, { code: "UNAVAILABLE" }, 1011, "device pairing unavailable");
  }
  if (autoApproved) gate.announce("device.pair.resolved", { requestId: autoApproved, deviceId: device.id, decision: "approved", ts: gate.store.clock.now() });
  if (admission.ok) return admission;
  if ("full" in admission) {
    const message = `too many pending pairing requests (max ${gate.maxPendingRequests})`;
    gate.warn(`device ${device.id} not filed: ${message}`);
    return rejectWith(request.id, message, { code: "UNAVAILABLE", retryable: true }, 1013, "try again later");
  }
  if (admission.created) gate.announce("device.pair.requested", admission.request);
  return {
    ok: false,
    id: request.id,
    closeCode: 1008,
    closeReason: truncateCloseReason("pairing required"),
    error: { code: "NOT_PAIRED", message: "pairing required", details: { requestId: admission.request.requestId } },
  };
}
