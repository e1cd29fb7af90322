// Who the peer is, for auth: the Tailscale identity hook, consulted only where it can mean
// something (a peer trusted to speak for Tailscale, with auth on). The client address rule
// itself lives in forwarded.ts.
import type { IdentityResult } from "./auth.js";
import { isLocalDirectRequest } from "./bind-policy.js";
import { type ForwardedTrust, tailscaleClientAddress } from "./forwarded.js";
import type { VerifyIdentity } from "./options.js";
import type { UpgradeHeaders } from "./transport.js";

/**
 * Consults `verify` only for a proxied request from a peer trusted for Tailscale headers that
 * names a login and a tailnet client address, with auth on; undefined when not consulted.
 * The hook gets that tailnet address (what `tailscale whois` needs). A hook that throws fails.
 */
export async function checkIdentity(
  verify: VerifyIdentity | undefined,
  authEnabled: boolean,
  headers: UpgradeHeaders,
  remoteAddress: string,
  trust: ForwardedTrust,
): Promise<IdentityResult | undefined> {
  const login = headers["tailscale-user-login"];
  if (!verify || !login || !authEnabled || isLocalDirectRequest(remoteAddress, headers)) return undefined;
  const tailnetAddress = tailscaleClientAddress(remoteAddress, headers, trust);
  if (tailnetAddress === undefined) return undefined;
  try {
    const result = await verify({ ...headers }, tailnetAddress);
    if (!result) return { ok: false, reason: `login ${login} not verified` };
    if (result.login.toLowerCase() !== login.toLowerCase()) return { ok: false, reason: `header login ${login} does not match verified ${result.login}` };
    return { ok: true, login: result.login, ...(result.name ? { name: result.name } : {}) };
  } catch (error) {
    return { ok: false, reason: `identity check failed: ${(error as Error)?.message ?? String(error)}` };
  }
}
