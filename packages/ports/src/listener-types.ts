/** Address family of a listening socket as the kernel reports it (a dual-stack `::` socket is IPv6). */
export type Family = "IPv4" | "IPv6";

/** One process listening on one local address of a TCP port. */
export interface Listener {
  pid: number;
  /** Short process name (`node`, `ssh`, `node.exe`). */
  command: string;
  /** Full command line, when the platform lets us read it. */
  commandLine?: string;
  /** Login name of the process owner, when known. */
  user?: string;
  uid?: number;
  /** Local address without brackets: `127.0.0.1`, `::1`, `::`, `0.0.0.0`, `*`. */
  address: string;
  port: number;
  family: Family;
}

/**
 * A listening socket whose owning process we cannot see (another user's process on
 * Linux without root). The socket's uid is still visible, which is enough to tell the
 * user whom to ask or that sudo is needed.
 */
export interface HiddenSocket {
  address: string;
  port: number;
  family: Family;
  uid?: number;
  user?: string;
}

/** Everything one lookup learned about a port. */
export interface PortScan {
  listeners: Listener[];
  hidden: HiddenSocket[];
}

/** One listener per pid (the first address seen), for reports that count processes. */
export function onePerPid(listeners: readonly Listener[]): Listener[] {
  const seen = new Set<number>();
  return listeners.filter((l) => {
    if (seen.has(l.pid)) return false;
    seen.add(l.pid);
    return true;
  });
}
