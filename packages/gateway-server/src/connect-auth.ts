// Who a `connect` is, decided once: the failed-auth throttle, the device proof, the shared
// secret / Tailscale identity / device token, and device pairing — in the original's order.
import { type AuthConfig, decideConnectAuth } from "./auth.js";
import type { AuthFailureLimiter } from "./auth-limiter.js";
import type { AuthLog } from "./auth-log.js";
import { takeAuthTurn } from "./auth-turn.js";
import { isLocalDirectRequest } from "./bind-policy.js";
import { acceptsDeviceToken, admitConnectDevice, type DeviceGate, proveConnectDevice } from "./device-handshake.js";
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
  counters: { authFailures: number; authRateLimited: number; authDelayed: number };
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

/** Authenticates a checked connect; `gone()` says the socket closed meanwhile (then undefined). */
export async function authenticateConnect(
  host: ConnectAuthHost, request: HandshakeRequest, peer: ConnectPeer, gone: () => boolean,
): Promise<ConnectAuthenticated | HandshakeRejection | undefined> {
  const { auth, limiter, authLog } = host;
  const { remoteAddress, headers } = peer;
  const ip = peer.source;
  const client = request.params.client;
  const throttled = auth.mode !== "none";
  const attempt = { ip, clientId: client.id, clientMode: client.mode, authMode: auth.mode };
  if (throttled) {
    const turn = await takeAuthTurn(limiter, authLog, host.counters, attempt, request.id, gone);
    if (turn.kind === "gone") return undefined;
    if (turn.kind === "refused") return turn.rejection;
  }
  // Every admitted attempt ends in exactly one of recordFailure, recordSuccess or release.
  const release = () => {
    if (throttled) limiter.release(ip, client.id);
  };
  const origin = { challengeNonce: peer.challengeNonce, isLocal: isLocalDirectRequest(remoteAddress, headers), remoteIp: ip };
  const proof = proveConnectDevice(host.devices, request, origin);
  if (proof && !("publicKey" in proof)) {
    release();
    return proof;
  }
  const identity = await checkIdentity(host.verifyIdentity, auth.mode !== "none", headers, remoteAddress, host.trust);
  if (gone()) {
    release();
    return undefined;
  }
  let decision = decideConnectAuth(auth, request.params.auth, client, identity);
  // A paired device may present its own token instead of the shared secret.
  if (!decision.ok && proof && (await acceptsDeviceToken(host.devices, request))) decision = { ok: true, method: "device-token" };
  if (gone()) {
    release();
    return undefined;
  }
  if (!decision.ok) {
    host.counters.authFailures += 1;
    if (throttled) limiter.recordFailure(ip, client.id);
    authLog.write({ ...attempt, event: "auth_failed", reason: identity && !identity.ok ? `${decision.reason}+identity_rejected` : decision.reason });
    return rejectWith(request.id, decision.message);
  }
  if (throttled) limiter.recordSuccess(ip, client.id);
  const result: ConnectAuthenticated = { ok: true, method: decision.method, ip };
  if (decision.login) result.login = decision.login;
  if (!proof) return result;
  const admitted = await admitConnectDevice(host.devices, request, proof.publicKey, origin);
  if (gone()) return undefined;
  if (!admitted.ok) return admitted;
  const deviceId = request.params.device?.id;
  if (deviceId) result.deviceId = deviceId;
  result.deviceToken = admitted.token;
  return result;
}
