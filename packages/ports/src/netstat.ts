import type { Family } from "./listener-types.js";
import { hostOfAddress, portOfAddress } from "./port-number.js";

/** A Windows listening socket before its process is named. */
export interface NetstatRow {
  pid: number;
  address: string;
  port: number;
  family: Family;
}

/** Arguments for `netstat`: all protocols (so TCP over IPv6 rows appear too), numeric, with pids. */
export const NETSTAT_ARGS = ["-ano"] as const;

/**
 * Parses Windows `netstat -ano` output into TCP listeners on exactly `port`.
 * The state word is localized (LISTENING, ABHÖREN, ESCUCHANDO, …), so a row counts as
 * listening when its foreign address has port 0 (`0.0.0.0:0`, `[::]:0`), which is
 * language independent. The port is compared as a number on the local address column.
 */
export function parseNetstat(text: string, port: number): NetstatRow[] {
  const rows: NetstatRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 4 || !/^TCP(v6)?$/i.test(cols[0] ?? "")) continue;
    const [, local = "", foreign = ""] = cols;
    const pidText = cols[cols.length - 1] ?? "";
    if (!/^\d+$/.test(pidText) || portOfAddress(local) !== port || (portOfAddress(foreign) !== 0 && foreign !== "*:*")) continue;
    const address = hostOfAddress(local);
    rows.push({ pid: Number(pidText), address, port, family: local.startsWith("[") || address.includes(":") ? "IPv6" : "IPv4" });
  }
  return rows;
}
