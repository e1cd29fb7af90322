import { PortError } from "./port-error.js";

/** Highest TCP port number. */
export const MAX_PORT = 65_535;

/** Throws INVALID_PORT unless `port` is an integer in 1..65535. */
export function assertValidPort(port: unknown): asserts port is number {
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > MAX_PORT) {
    throw new PortError("INVALID_PORT", `Invalid port ${JSON.stringify(port)}: use an integer from 1 to ${MAX_PORT}.`);
  }
}

/** Parses a port typed by a user: digits only (no `3000abc`, `0x10`, `1e3`), 1..65535; undefined otherwise. */
export function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= MAX_PORT ? port : undefined;
}

/** The numeric port (0..65535) after the last `:` of `host:port`, `[v6]:port` or `*:port`; undefined if not numeric. */
export function portOfAddress(hostPort: string): number | undefined {
  const digits = hostPort.slice(hostPort.lastIndexOf(":") + 1);
  if (!hostPort.includes(":") || !/^\d{1,5}$/.test(digits)) return undefined;
  const port = Number(digits);
  return port <= MAX_PORT ? port : undefined;
}

/** The host part of `host:port` / `[v6]:port` without brackets or an IPv6 zone suffix kept as is. */
export function hostOfAddress(hostPort: string): string {
  const colon = hostPort.lastIndexOf(":");
  const host = colon < 0 ? hostPort : hostPort.slice(0, colon);
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}
