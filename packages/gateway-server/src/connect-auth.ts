// Who a `connect` is, decided once: the failed-auth rate limit, the device proof, the shared
// secret / Tailscale identity / device token, and device pairing — in the original's order.
import { type AuthConfig, decideAuth } from "./auth.js";
import type { AuthFailureLimiter } from "./auth-limiter.js";
import { isLocalDirectRequest } from "./bind-policy.js";
import { acceptsDeviceToken, admitConnectDevice, type DeviceGate, proveConnectDevice } from "./device-handshake.js";
import type { DeviceTokenEntry } from "./device-pairing.js";
import { type HandshakeRejection, type HandshakeRequest, rejectWith } from "./handshake.js";
import { checkIdentity, clientIp } from "./identity.js";
import type { VerifyIdentity } from "./options.js";
import type { UpgradeHeaders } from "./transport.js";

export interface ConnectAuthHost {
  auth: AuthConfig;
  limiter: AuthFailureLimiter;
  verifyIdentity?: VerifyIdentity | undefined;
  devices: DeviceGate;
  counters: { authFailures: number; authRateLimited: number };
}

/** The peer as the transport saw it, and the nonce its challenge carried. */
export interface ConnectPeer {
  remoteAddress: string;
  headers: UpgradeHeaders;
  challengeNonce: string;
}

export interface ConnectAuthenticated {
  ok: true;
  method: string;
  login?: string;
  /** Client IP (the proxy's client when a local proxy forwarded it). */
  ip: string;
  deviceId?: string;
  deviceToken?: DeviceTokenEntry;
}

/** Authenticates a checked connect; `gone()` says the socket closed meanwhile (then undefined). */
export async function authenticateConnect(
  host: ConnectAuthHost, request: HandshakeRequest, peer: ConnectPeer, gone: () => boolean,
): Promise<ConnectAuthenticated | HandshakeRejection | undefined> {
  const { auth, limiter } = host;
  const { remoteAddress, headers } = peer;
  const ip = clientIp(remoteAddress, headers);
  if (auth.mode !== "none") {
    const retryAfterMs = limiter.retryAfterMs(ip);
    if (retryAfterMs > 0) {
      host.counters.authRateLimited += 1;
      const seconds = Math.ceil(retryAfterMs / 1000);
      return rejectWith(request.id, `unauthorized: too many failed auth attempts; retry in ${seconds}s`, { retryable: true, retryAfterMs }, 1008, "unauthorized: too many failed auth attempts");
    }
  }
  const origin = { challengeNonce: peer.challengeNonce, isLocal: isLocalDirectRequest(remoteAddress, headers), remoteIp: ip };
  const proof = proveConnectDevice(host.devices, request, origin);
  if (proof && !("publicKey" in proof)) return proof;
  const identity = await checkIdentity(host.verifyIdentity, auth.mode !== "none", headers, remoteAddress, ip);
  if (gone()) return undefined;
  let decision = decideAuth(auth, request.params.auth, request.params.client, identity);
  // A paired device may present its own token instead of the shared secret.
  if (!decision.ok && proof && (await acceptsDeviceToken(host.devices, request))) decision = { ok: true, method: "device-token" };
  if (gone()) return undefined;
  if (!decision.ok) {
    host.counters.authFailures += 1;
    limiter.recordFailure(ip);
    return rejectWith(request.id, decision.message);
  }
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
