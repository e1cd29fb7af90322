import type { Family } from "./listener-types.js";
import { probeBind } from "./bind-probe.js";
import { readListeningSockets } from "./procfs.js";

/** Answers "does anything still listen on this port?" as cheaply as the platform allows. */
export type BusyCheck = (port: number) => Promise<boolean>;

/**
 * The check freePort polls while it waits: one bind probe on `::` (which also covers IPv4
 * on a dual-stack host), `0.0.0.0` without IPv6. A bind costs microseconds and spawns
 * nothing, so polling every few milliseconds stays cheap. When a probe cannot decide
 * (EACCES below port 1024 for non-root) Linux falls back to its socket tables.
 */
export function busyCheckFor(platform: NodeJS.Platform, procRoot?: string): BusyCheck {
  const linux = platform === "linux" || platform === "android";
  return async (port) => {
    let result = await probeBind(port, "::");
    if (result === "unavailable") result = await probeBind(port, "0.0.0.0");
    if (result === "busy") return true;
    if (result === "free") return false;
    if (linux) return readListeningSockets(port, procRoot).length > 0;
    return result === "error";
  };
}

/**
 * Which socket tables can hold a listener on `port`, told by bind probes: reading
 * /proc/net/tcp6 walks the kernel's whole connection hash (milliseconds even when
 * empty), so it is skipped when an IPv6-only bind shows no IPv6 listener.
 */
export async function familiesInUse(port: number): Promise<Family[]> {
  const families: Family[] = [];
  if ((await probeBind(port, "0.0.0.0")) !== "free") families.push("IPv4");
  const v6 = await probeBind(port, "::", true);
  if (v6 === "busy" || v6 === "error") families.push("IPv6");
  return families;
}
