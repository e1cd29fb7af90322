import { createServer } from "node:net";
import { assertValidPort } from "./port-number.js";

/** The hosts a bind probe tries when no host is given: both loopbacks and both wildcards. */
export const PROBE_HOSTS = ["127.0.0.1", "0.0.0.0", "::1", "::"] as const;

/** Outcome of trying to listen on one host. */
export type ProbeResult = "free" | "busy" | "unavailable" | "error";

/**
 * Tries to listen on `host:port` exclusively and closes at once. `unavailable`: the host is
 * not configured here; `error`: could not tell (e.g. EACCES on a port below 1024).
 * `ipv6Only` on `::` tests the IPv6 side alone; without it `::` also covers IPv4.
 */
export function probeBind(port: number, host: string, ipv6Only = false): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE") resolve("busy");
      else if (err.code === "EADDRNOTAVAIL" || err.code === "EAFNOSUPPORT") resolve("unavailable");
      else resolve("error");
    });
    server.listen({ port, host, exclusive: true, ipv6Only }, () => server.close(() => resolve("free")));
  });
}

/**
 * True when nobody listens on `port` (on `host`, or on any of PROBE_HOSTS). Uses no binary:
 * it binds the port itself for an instant. A host missing on this machine (no IPv6) is skipped.
 */
export async function isPortFree(port: number, host?: string): Promise<boolean> {
  assertValidPort(port);
  for (const h of host === undefined ? PROBE_HOSTS : [host]) {
    const result = await probeBind(port, h);
    if (result === "busy" || result === "error") return false;
  }
  return true;
}
