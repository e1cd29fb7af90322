// Which hosts the gateway may listen on, and whether a request is local-direct (§6.3).
import { isIP } from "node:net";

/** Whether a host or address is a loopback one (127/8, ::1, IPv4-mapped loopback, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  if (h === "localhost") return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) {
    if (h.startsWith("::ffff:")) return isLoopbackHost(h.slice(7));
    const groups = expandIpv6(h);
    if (groups === null || !groups.slice(0, 5).every((g) => g === 0)) return false;
    // uWS reports addresses fully expanded, IPv4-mapped ones included (…:ffff:7f00:1).
    if (groups[5] === 0xffff) return (groups[6] ?? 0) >> 8 === 127;
    return groups[5] === 0 && groups[6] === 0 && groups[7] === 1;
  }
  return false;
}

/** Refuses non-loopback hosts when no auth is configured (defence in depth; the CLI checks too). */
export function assertBindAllowed(hosts: readonly string[], authMode: string): void {
  if (authMode !== "none") return;
  const exposed = hosts.filter((host) => !isLoopbackHost(host));
  if (exposed.length > 0) {
    throw new Error(`refusing to listen on ${exposed.join(", ")} without auth: configure a token (--token or CLAWD_GATEWAY_TOKEN) or bind to loopback`);
  }
}

/** A request is local-direct when it comes from loopback, for a local Host, through no proxy. */
export function isLocalDirectRequest(remoteAddress: string, headers: Record<string, string>): boolean {
  if (!isLoopbackHost(remoteAddress)) return false;
  if (headers["x-forwarded-for"] || headers["x-real-ip"] || headers["x-forwarded-host"]) return false;
  const hostname = hostnameOf(headers.host ?? "");
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "::1" || hostname.endsWith(".ts.net");
}

function hostnameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(1, h.indexOf("]"));
  const colon = h.lastIndexOf(":");
  return colon >= 0 && h.indexOf(":") === colon ? h.slice(0, colon) : h;
}

function expandIpv6(address: string): number[] | null {
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(Math.max(0, fill)).fill("0"), ...right].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g)) ? groups : null;
}
