// Who a `connect` is, decided once: the failed-auth throttle, the device proof, the shared
// secret / Tailscale identity / device token, and device pairing — in the original's order.
import { type AuthConfig, decideConnectAuth } from "./auth.js";
import type { AuthFailureLimiter, AuthSource } from "./auth-limiter.js";
import type { AuthLog } from "./auth-log.js";
import { type AuthAttempt, takeAuthTurn } from "./auth-turn.js";
import { isLocalDirectRequest } from "./bind-policy.js";
import { acceptsDeviceToken, admitConnectDevice, type DeviceGate, proveConnectDevice } from "./device-handshake.js";
import { normalizePublicKey } from "./device-identity.js";
import type { DeviceTokenEntry } from "./device-pairing.js";
import type { ForwardedTrust } from "./forwarded.js";
import { type HandshakeRejection, type HandshakeRequest, rejectWith } from "./handshake.js";
import { checkIdentity } from "./identity.js";
import type { VerifyIdentity } from "./options.js";
import type { UpgradeHeaders } from "./transport.js";

export interface ConnectAuthHost {
  auth: AuthConfig;
  limiter: AuthFailureLimiter;
  /** Throttled log of failures and throttle decisions (never a secret). */
  authLog: AuthLog;
  /** Which peers' forwarded headers count (forwarded.ts). */
  trust: ForwardedTrust;
  verifyIdentity?: VerifyIdentity | undefined;
  devices: DeviceGate;
  counters: { authFailures: number; authRateLimited: number; authDelayed: number; authDeviceSourced: number; deviceProofFailures: number };
}

/** The peer as the transport saw it, and the nonce its challenge carried. */
export interface ConnectPeer {
  remoteAddress: string;
  /** The client address for limits and logs (forwarded only from a trusted proxy). */
  source: string;
  headers: UpgradeHeaders;
  challengeNonce: string;
}

export interface ConnectAuthenticated {
  ok: true;
  method: string;
  login?: string;
  /** Client address (the proxy's client only behind a trusted proxy). */
  ip: string;
  deviceId?: string;
  deviceToken?: DeviceTokenEntry;
}

/**
 * Whether a connect's device may count against its own throttle source: it proved its key
 * with the right secret before (remembered by the throttle) or is paired with this key.
 * Cheap (no signature check): it decides whether the signature is checked before the throttle.
 */
async function knownDevice(host: ConnectAuthHost, device: { id: string; publicKey: string }): Promise<boolean> {
  if (host.limiter.knowsDevice(device.id)) return true;
  const publicKey = normalizePublicKey(device.publicKey);
  if (!publicKey) return false;
  try {
    return await host.devices.store.read((state) => state.pairedById[device.id]?.publicKey === publicKey);
  } catch {
    return false;
  }
}

/** Authenticates a checked connect; `gone()` says the socket closed meanwhile (then undefined). */
export async function authenticateConnect(
  host: ConnectAuthHost,
  request: HandshakeRequest,
  peer: ConnectPeer,
  gone: () => boolean,
): Promise<ConnectAuthenticated | HandshakeRejection | undefined> {
  const { auth, limiter, authLog } = host;
  const { remoteAddress, headers } = peer;
  const ip = peer.source;
  const client = request.params.client;
  const device = request.params.device;
  const throttled = auth.mode !== "none";
  const attempt: AuthAttempt = { ip, clientId: client.id, clientMode: client.mode, authMode: auth.mode };
  const origin = { challengeNonce: peer.challengeNonce, isLocal: isLocalDirectRequest(remoteAddress, headers), remoteIp: ip };
  // Whose failure count this attempt goes to: its client id (a claim any process can make),
  // or a known device whose signature verifies (which no other process can produce).
  let source: AuthSource = client.id;
  // The device's canonical key once its proof verified (undefined: no device, or not checked yet).
  let provenKey: string | undefined;
  let proved = false;
  const proofFailed = (rejection: HandshakeRejection, admitted: boolean): HandshakeRejection => {
    host.counters.deviceProofFailures += 1;
    // A forged or stale proof counts as a failure of its client-id source: signatures cost
    // CPU, so they are no free way to probe (the secret is not checked after one).
    if (throttled && admitted) limiter.recordFailure(ip, client.id);
    else if (throttled) limiter.recordUnadmittedFailure(ip, client.id);
    authLog.write({ ...attempt, event: "auth_failed", reason: "device_proof_failed" });
    return rejection;
  };
  if (throttled && device && (await knownDevice(host, device))) {
    if (gone()) return undefined;
    // Checked before the throttle: one Ed25519 check per connection (the nonce is this
    // connection's), cheaper than the handshake that precedes it (README: Failed logins).
    const proof = proveConnectDevice(host.devices, request, origin);
    proved = true;
    if (proof && !("publicKey" in proof)) return proofFailed(proof, false);
    provenKey = proof?.publicKey;
    source = { device: device.id };
    attempt.deviceId = device.id;
    host.counters.authDeviceSourced += 1;
  }
  if (throttled) {
    const turn = await takeAuthTurn(limiter, authLog, host.counters, attempt, source, request.id, gone);
    if (turn.kind === "gone") return undefined;
    if (turn.kind === "refused") return turn.rejection;
  }
  // Every admitted attempt ends in exactly one of recordFailure, recordSuccess or release.
  const release = () => {
    if (throttled) limiter.release(ip, source);
  };
  if (!proved) {
    const proof = proveConnectDevice(host.devices, request, origin);
    if (proof && !("publicKey" in proof)) return proofFailed(proof, true);
    provenKey = proof?.publicKey;
  }
  const identity = await checkIdentity(host.verifyIdentity, auth.mode !== "none", headers, remoteAddress, host.trust);
  if (gone()) {
    release();
    return undefined;
  }
  let decision = decideConnectAuth(auth, request.params.auth, client, identity);
  // A paired device may present its own token instead of the shared secret.
  if (!decision.ok && provenKey && (await acceptsDeviceToken(host.devices, request))) decision = { ok: true, method: "device-token" };
  if (gone()) {
    release();
    return undefined;
  }
  if (!decision.ok) {
    host.counters.authFailures += 1;
    if (throttled) limiter.recordFailure(ip, source);
    authLog.write({ ...attempt, event: "auth_failed", reason: identity && !identity.ok ? `${decision.reason}+identity_rejected` : decision.reason });
    return rejectWith(request.id, decision.message);
  }
  if (throttled) limiter.recordSuccess(ip, source, provenKey && device ? device.id : undefined);
  const result: ConnectAuthenticated = { ok: true, method: decision.method, ip };
  if (decision.login) result.login = decision.login;
  if (!provenKey) return result;
  const admitted = await admitConnectDevice(host.devices, request, provenKey, origin);
  if (gone()) return undefined;
  if (!admitted.ok) return admitted;
  const deviceId = device?.id;
  if (deviceId) result.deviceId = deviceId;
  result.deviceToken = admitted.token;
  return result;
}
