// What the gateway says about its own machine in its presence entry (the original's "self"
// entry): the Control UI's Instances page shows host, IP, OS family and architecture.
import { arch, hostname, networkInterfaces, platform, release } from "node:os";

/** The gateway host's description; each field is optional in the presence entry. */
export interface GatewayHostInfo {
  host: string;
  ip?: string;
  platform: string;
  deviceFamily: string;
  modelIdentifier: string;
}

const FAMILIES: Record<string, string> = { linux: "Linux", darwin: "Mac", win32: "Windows", freebsd: "FreeBSD", openbsd: "OpenBSD" };

/** The first non-internal IPv4 address, as the original shows it; undefined on a loopback-only host. */
export function primaryIPv4(interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces()): string | undefined {
  for (const list of Object.values(interfaces)) {
    for (const address of list ?? []) if (address.family === "IPv4" && !address.internal) return address.address;
  }
  return undefined;
}

/** Describes this machine (read once per server start). */
export function describeGatewayHost(): GatewayHostInfo {
  const info: GatewayHostInfo = {
    host: hostname(),
    platform: `${platform()} ${release()}`,
    deviceFamily: FAMILIES[platform()] ?? platform(),
    modelIdentifier: arch(),
  };
  const ip = primaryIPv4();
  if (ip) info.ip = ip;
  return info;
}
