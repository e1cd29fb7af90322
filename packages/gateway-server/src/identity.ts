// Who the peer is, for auth: the client IP (the proxy's client when a local proxy forwarded
// the request) and the Tailscale identity hook, consulted only where it can mean something.
import type { IdentityResult } from "./auth.js";
import { isLocalDirectRequest, isLoopbackHost } from "./bind-policy.js";
import type { VerifyIdentity } from "./options.js";
import type { UpgradeHeaders } from "./transport.js";

/** The client's IP for rate limiting: the proxy's client when a local proxy forwarded it. */
export function clientIp(remoteAddress: string, headers: UpgradeHeaders): string {
  const forwarded = headers["x-forwarded-for"]?.split(",")[0]?.trim();
  return forwarded && isLoopbackHost(remoteAddress) ? forwarded : remoteAddress;
}

/**
 * Consults `verify` only for proxied (not local-direct) requests that name a Tailscale login,
 * with auth on; undefined when it was not consulted. A hook that throws is a failed check.
 */
export async function checkIdentity(
  verify: VerifyIdentity | undefined,
  authEnabled: boolean,
  headers: UpgradeHeaders,
  remoteAddress: string,
  ip: string,
): Promise<IdentityResult | undefined> {
  const login = headers["tailscale-user-login"];
  if (!verify || !login || !authEnabled || isLocalDirectRequest(remoteAddress, headers)) return undefined;
  try {
    const result = await verify({ ...headers }, ip);
    if (!result) return { ok: false, reason: `login ${login} not verified` };
    if (result.login.toLowerCase() !== login.toLowerCase()) return { ok: false, reason: `header login ${login} does not match verified ${result.login}` };
    return { ok: true, login: result.login, ...(result.name ? { name: result.name } : {}) };
  } catch (error) {
    return { ok: false, reason: `identity check failed: ${(error as Error)?.message ?? String(error)}` };
  }
}
