// Who may name the client through headers. X-Forwarded-For, X-Real-IP and the Tailscale
// identity headers are written by whoever sends the request, so they count only when the
// direct TCP peer is a proxy the owner configured (`trustedProxies`); `tailscaleProxy` trusts
// a loopback peer for the Tailscale headers only (that is what `tailscale serve` is).
import { BlockList, isIP } from "node:net";
import { isLoopbackHost } from "./bind-policy.js";
import type { UpgradeHeaders } from "./transport.js";

/** What the server believes about forwarded headers, decided per direct peer. */
export interface ForwardedTrust {
  /** True when `peer` is a configured trusted proxy: all forwarded headers count. */
  trustsForwarded(peer: string): boolean;
  /** True when `peer` may vouch for a Tailscale identity (trusted proxy, or loopback with tailscaleProxy). */
  trustsTailscale(peer: string): boolean;
}

/** Canonical text of an address: IPv4-mapped IPv6 (also uWS's fully expanded form) becomes IPv4. */
export function canonicalAddress(address: string): string {
  const a = address
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  if (isIP(a) !== 6) return a;
  const mapped = /^(?:0{1,4}:){5}ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a) ?? /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
  if (mapped) {
    const hi = parseInt(mapped[1] as string, 16);
    const lo = parseInt(mapped[2] as string, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  if (a.startsWith("::ffff:") && isIP(a.slice(7)) === 4) return a.slice(7);
  return a;
}

/**
 * Parses `trustedProxies` (addresses or CIDR ranges) once at startup; a bad entry is an
 * error naming it, since a typo here would silently trust nobody (or everybody).
 */
export function parseTrustedProxies(entries: readonly string[] = []): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", bits, extra] = String(entry).trim().split("/");
    const family = isIP(address);
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    if (family === 0 || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) {
      throw new Error(`invalid option trustedProxies: "${String(entry)}" is not an IP address or CIDR range (e.g. 127.0.0.1 or 10.0.0.0/8)`);
    }
    list.addSubnet(address, prefix, family === 6 ? "ipv6" : "ipv4");
  }
  return list;
}

/** Builds the trust rule from the options; with no trusted proxies, no forwarded header counts. */
export function createForwardedTrust(trustedProxies: readonly string[] | undefined, tailscaleProxy: boolean): ForwardedTrust {
  const list = parseTrustedProxies(trustedProxies);
  const none = !trustedProxies || trustedProxies.length === 0;
  const trustsForwarded = (peer: string): boolean => {
    if (none) return false;
    const address = canonicalAddress(peer);
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
  };
  return {
    trustsForwarded,
    trustsTailscale: (peer) => trustsForwarded(peer) || (tailscaleProxy && isLoopbackHost(peer)),
  };
}

/**
 * The client's address for limits and logs: the direct peer, or, behind a trusted proxy, the
 * right-most X-Forwarded-For entry that is not itself a trusted proxy (left-most entries are
 * whatever the client wrote), then X-Real-IP.
 */
export function clientAddress(peer: string, headers: UpgradeHeaders, trust: ForwardedTrust): string {
  const direct = canonicalAddress(peer);
  if (!trust.trustsForwarded(peer)) return direct;
  const hops = (headers["x-forwarded-for"] ?? "")
    .split(",")
    .map((h) => canonicalAddress(h))
    .filter((h) => isIP(h) !== 0);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = hops[i] as string;
    if (!trust.trustsForwarded(hop)) return hop;
  }
  const real = canonicalAddress(headers["x-real-ip"] ?? "");
  return isIP(real) !== 0 ? real : (hops[0] ?? direct);
}

/**
 * The tailnet client a Tailscale proxy forwarded (its X-Forwarded-For, right-most entry), for
 * `tailscale whois`; undefined when the peer may not vouch for one or names no address.
 */
export function tailscaleClientAddress(peer: string, headers: UpgradeHeaders, trust: ForwardedTrust): string | undefined {
  if (!trust.trustsTailscale(peer)) return undefined;
  const hops = (headers["x-forwarded-for"] ?? "")
    .split(",")
    .map((h) => canonicalAddress(h.replace(/^\[(.*)\](:\d+)?$/, "$1").replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1")));
  const last = hops[hops.length - 1];
  return last && isIP(last) !== 0 ? last : undefined;
}
