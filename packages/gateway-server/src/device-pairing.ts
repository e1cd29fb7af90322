// The device pairing state machine (original infra/device-pairing.js), pure: pending requests
// (one per device, expiring), paired devices with their roles and scopes, one token per role.
// Functions change the state in place and say whether they did; device-store.ts persists it.
import { safeEqualSecret } from "./auth.js";

/** A pending request expires after this long (the client reconnects and asks again). */
export const DEVICE_PAIRING_PENDING_TTL_MS = 5 * 60_000;
/** Most pairing requests pending at once; a new device beyond it is refused until some are answered or expire. */
export const MAX_PENDING_PAIRING_REQUESTS = 100;

export interface DeviceTokenEntry {
  token: string;
  role: string;
  scopes: string[];
  createdAtMs: number;
  rotatedAtMs?: number;
  revokedAtMs?: number;
  lastUsedAtMs?: number;
}

/** Who asked to pair, as the connect described it. */
export interface DeviceDescription {
  deviceId: string;
  publicKey: string;
  displayName?: string;
  platform?: string;
  clientId?: string;
  clientMode?: string;
  role?: string;
  scopes?: string[];
  remoteIp?: string;
}

export interface PendingDeviceRequest extends DeviceDescription {
  requestId: string;
  roles?: string[];
  silent: boolean;
  isRepair: boolean;
  ts: number;
}

export interface PairedDevice extends DeviceDescription {
  roles?: string[];
  tokens?: Record<string, DeviceTokenEntry>;
  createdAtMs: number;
  approvedAtMs: number;
}

export interface DevicePairingState {
  pendingById: Record<string, PendingDeviceRequest>;
  pairedById: Record<string, PairedDevice>;
}

/** Time and randomness, injected so tests can pin them. */
export interface PairingClock {
  now(): number;
  newRequestId(): string;
  newToken(): string;
}

/** Why a paired device must ask again, or null when its pairing covers the connect. */
export type PairingNeed = "not-paired" | "role-upgrade" | "scope-upgrade" | null;

const unique = (...lists: (readonly string[] | string | undefined)[]): string[] | undefined => {
  const out = new Set<string>();
  for (const list of lists) for (const item of typeof list === "string" ? [list] : (list ?? [])) if (item.trim()) out.add(item.trim());
  return out.size > 0 ? [...out] : undefined;
};
const sortedScopes = (scopes: readonly string[] | undefined): string[] => [...new Set((scopes ?? []).map((s) => s.trim()).filter(Boolean))].sort();
/** Whether `requested` ⊆ `allowed` (nothing requested is always allowed; nothing allowed allows nothing). */
export function scopesAllow(requested: readonly string[], allowed: readonly string[]): boolean {
  if (requested.length === 0) return true;
  const set = new Set(allowed);
  return requested.every((scope) => set.has(scope));
}

/** An empty state (no store yet). */
export function emptyPairingState(): DevicePairingState {
  return { pendingById: {}, pairedById: {} };
}

/** Drops expired pending requests; true when any were dropped. */
export function pruneExpiredRequests(state: { pendingById: Record<string, { ts: number }> }, nowMs: number, ttlMs = DEVICE_PAIRING_PENDING_TTL_MS): boolean {
  let changed = false;
  for (const [id, request] of Object.entries(state.pendingById)) {
    if (nowMs - request.ts > ttlMs) {
      delete state.pendingById[id];
      changed = true;
    }
  }
  return changed;
}

/** Decides whether a verified device may connect with this role and these scopes as paired. */
export function pairingNeed(paired: PairedDevice | undefined, publicKey: string, role: string, scopes: readonly string[]): PairingNeed {
  if (!paired || paired.publicKey !== publicKey) return "not-paired";
  const roles = unique(paired.roles, paired.role) ?? [];
  if (!roles.includes(role)) return "role-upgrade";
  if (scopes.length > 0 && !scopesAllow(scopes, paired.scopes ?? [])) return "scope-upgrade";
  return null;
}

/**
 * Files a pairing request; a device with one pending gets that one back (`created: false`);
 * null when `maxPending` requests are already waiting.
 */
export function requestPairing(
  state: DevicePairingState,
  device: DeviceDescription,
  silent: boolean,
  clock: PairingClock,
  maxPending = MAX_PENDING_PAIRING_REQUESTS,
): { request: PendingDeviceRequest; created: boolean } | null {
  const pending = Object.values(state.pendingById);
  const existing = pending.find((p) => p.deviceId === device.deviceId);
  if (existing) return { request: existing, created: false };
  if (pending.length >= maxPending) return null;
  const request: PendingDeviceRequest = {
    requestId: clock.newRequestId(),
    ...device,
    silent,
    isRepair: Boolean(state.pairedById[device.deviceId]),
    ts: clock.now(),
  };
  if (device.role) request.roles = [device.role];
  state.pendingById[request.requestId] = request;
  return { request, created: true };
}

/** Approves a request: merges roles and scopes into the paired entry and mints the role's token. */
export function approvePairing(state: DevicePairingState, requestId: string, clock: PairingClock): { requestId: string; device: PairedDevice } | null {
  const pending = state.pendingById[requestId];
  if (!pending) return null;
  const now = clock.now();
  const existing = state.pairedById[pending.deviceId];
  const tokens = { ...existing?.tokens };
  if (pending.role) tokens[pending.role] = mintToken(pending.role, pending.scopes, tokens[pending.role], clock);
  const { requestId: _id, silent: _silent, isRepair: _repair, ts: _ts, roles: pendingRoles, ...description } = pending;
  const device: PairedDevice = { ...description, tokens, createdAtMs: existing?.createdAtMs ?? now, approvedAtMs: now };
  const roles = unique(existing?.roles, existing?.role, pendingRoles, pending.role);
  const scopes = unique(existing?.scopes, pending.scopes);
  if (roles) device.roles = roles;
  if (scopes) device.scopes = scopes;
  else delete device.scopes;
  delete state.pendingById[requestId];
  state.pairedById[device.deviceId] = device;
  return { requestId, device };
}

/** Rejects (deletes) a pending request. */
export function rejectPairing(state: DevicePairingState, requestId: string): { requestId: string; deviceId: string } | null {
  const pending = state.pendingById[requestId];
  if (!pending) return null;
  delete state.pendingById[requestId];
  return { requestId, deviceId: pending.deviceId };
}

/** Refreshes a paired device's description from its latest connect (roles and scopes only grow); true when it changed. */
export function updatePairedMetadata(state: DevicePairingState, device: DeviceDescription): boolean {
  const existing = state.pairedById[device.deviceId];
  if (!existing) return false;
  const next: PairedDevice = { ...existing, ...device, createdAtMs: existing.createdAtMs, approvedAtMs: existing.approvedAtMs, tokens: existing.tokens ?? {} };
  const roles = unique(existing.roles, existing.role, device.role);
  const scopes = unique(existing.scopes, device.scopes);
  if (roles) next.roles = roles;
  if (scopes) next.scopes = scopes;
  next.publicKey = existing.publicKey;
  if (JSON.stringify(next) === JSON.stringify(existing)) return false;
  state.pairedById[device.deviceId] = next;
  return true;
}

function mintToken(role: string, scopes: readonly string[] | undefined, previous: DeviceTokenEntry | undefined, clock: PairingClock): DeviceTokenEntry {
  const now = clock.now();
  const entry: DeviceTokenEntry = { token: clock.newToken(), role, scopes: sortedScopes(scopes), createdAtMs: previous?.createdAtMs ?? now };
  if (previous) entry.rotatedAtMs = now;
  if (previous?.lastUsedAtMs !== undefined) entry.lastUsedAtMs = previous.lastUsedAtMs;
  return entry;
}

/** Checks a device token (constant time): paired, role token present, not revoked, scopes ⊆ its scopes. */
export function verifyDeviceToken(
  state: DevicePairingState,
  input: { deviceId: string; token: string; role: string; scopes: readonly string[] },
  nowMs: number,
): { ok: true } | { ok: false; reason: "device-not-paired" | "token-missing" | "token-revoked" | "token-mismatch" | "scope-mismatch" } {
  const entry = state.pairedById[input.deviceId]?.tokens?.[input.role];
  if (!state.pairedById[input.deviceId]) return { ok: false, reason: "device-not-paired" };
  if (!entry) return { ok: false, reason: "token-missing" };
  if (entry.revokedAtMs) return { ok: false, reason: "token-revoked" };
  if (!safeEqualSecret(input.token, entry.token)) return { ok: false, reason: "token-mismatch" };
  if (!scopesAllow(sortedScopes(input.scopes), entry.scopes)) return { ok: false, reason: "scope-mismatch" };
  entry.lastUsedAtMs = nowMs;
  return { ok: true };
}

/** The token hello-ok hands out: the current one, or a new one when missing, revoked or too narrow. */
export function ensureDeviceToken(
  state: DevicePairingState,
  input: { deviceId: string; role: string; scopes: readonly string[] },
  clock: PairingClock,
): DeviceTokenEntry | null {
  const device = state.pairedById[input.deviceId];
  if (!device) return null;
  const existing = device.tokens?.[input.role];
  if (existing && !existing.revokedAtMs && scopesAllow(sortedScopes(input.scopes), existing.scopes)) return existing;
  const next = mintToken(input.role, input.scopes, existing, clock);
  device.tokens = { ...device.tokens, [input.role]: next };
  return next;
}

/** Replaces a role's token (optionally with new scopes, which then become the device's). */
export function rotateDeviceToken(
  state: DevicePairingState,
  input: { deviceId: string; role: string; scopes?: string[] | undefined },
  clock: PairingClock,
): DeviceTokenEntry | null {
  const device = state.pairedById[input.deviceId];
  if (!device || !input.role.trim()) return null;
  const existing = device.tokens?.[input.role];
  const next = mintToken(input.role, input.scopes ?? existing?.scopes ?? device.scopes, existing, clock);
  next.rotatedAtMs = clock.now();
  device.tokens = { ...device.tokens, [input.role]: next };
  if (input.scopes !== undefined) device.scopes = next.scopes;
  return next;
}

/** Revokes a role's token; the device stays paired and gets a new token on its next connect. */
export function revokeDeviceToken(state: DevicePairingState, input: { deviceId: string; role: string }, nowMs: number): DeviceTokenEntry | null {
  const device = state.pairedById[input.deviceId];
  const entry = device?.tokens?.[input.role];
  if (!device || !entry) return null;
  const revoked = { ...entry, revokedAtMs: nowMs };
  device.tokens = { ...device.tokens, [input.role]: revoked };
  return revoked;
}

/** A paired device as methods list it: token values removed, one summary per role. */
export function redactPairedDevice(device: PairedDevice): Omit<PairedDevice, "tokens"> & { tokens?: Omit<DeviceTokenEntry, "token">[] } {
  const { tokens, ...rest } = device;
  const summaries = Object.values(tokens ?? {})
    .map(({ token: _token, ...summary }) => summary)
    .sort((a, b) => a.role.localeCompare(b.role));
  return summaries.length > 0 ? { ...rest, tokens: summaries } : rest;
}
