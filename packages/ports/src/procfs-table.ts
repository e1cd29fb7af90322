import type { Family } from "./listener-types.js";

/** `st` column value of a socket in the LISTEN state (include/net/tcp_states.h). */
export const TCP_LISTEN_STATE = "0A";

/** One row of `/proc/net/tcp` or `/proc/net/tcp6`. */
export interface ProcSocket {
  address: string;
  port: number;
  state: string;
  uid: number;
  inode: number;
  family: Family;
}

/** Byte order the kernel used for the address words (the host's, see os.endianness()). */
export type Endianness = "LE" | "BE";

/**
 * Parses the text of `/proc/net/tcp` (family IPv4) or `/proc/net/tcp6` (IPv6). Malformed
 * rows are skipped rather than thrown: the table is read while sockets come and go.
 */
export function parseProcNetTcp(text: string, family: Family, endianness: Endianness = "LE"): ProcSocket[] {
  const rows: ProcSocket[] = [];
  for (const line of text.split("\n")) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10 || !/^\d+:$/.test(cols[0] ?? "")) continue;
    const [hexAddr, hexPort] = (cols[1] ?? "").split(":");
    if (hexAddr === undefined || hexPort === undefined || !/^[0-9A-Fa-f]{4}$/.test(hexPort)) continue;
    const address = decodeHexAddress(hexAddr, endianness);
    const uid = Number(cols[7]);
    const inode = Number(cols[9]);
    if (address === undefined || !Number.isInteger(uid) || !Number.isInteger(inode)) continue;
    rows.push({ address, port: parseInt(hexPort, 16), state: (cols[3] ?? "").toUpperCase(), uid, inode, family });
  }
  return rows;
}

/**
 * Scans complete lines of a table from `from`: `done` with the offset of the first data
 * row that is not LISTEN (everything after it is connections), else the offset of the
 * first incomplete line, to resume from once more text has been read.
 */
export function endOfListenSection(text: string, from = 0): { done: boolean; offset: number } {
  let start = from;
  for (;;) {
    const nl = text.indexOf("\n", start);
    if (nl < 0) return { done: false, offset: start };
    const cols = text.slice(start, nl).trim().split(/\s+/);
    if (/^\d+:$/.test(cols[0] ?? "") && cols[3] !== undefined && cols[3].toUpperCase() !== TCP_LISTEN_STATE) {
      return { done: true, offset: start };
    }
    start = nl + 1;
  }
}

/** The LISTEN rows of a parsed table on exactly `port`. */
export function listeningOn(rows: readonly ProcSocket[], port: number): ProcSocket[] {
  return rows.filter((r) => r.port === port && r.state === TCP_LISTEN_STATE);
}

/** Decodes the kernel's hex address (8 hex digits IPv4, 32 IPv6, each 32-bit word in host order). */
export function decodeHexAddress(hex: string, endianness: Endianness = "LE"): string | undefined {
  if (!/^[0-9A-Fa-f]+$/.test(hex) || (hex.length !== 8 && hex.length !== 32)) return undefined;
  const bytes: number[] = [];
  for (let w = 0; w < hex.length; w += 8) {
    const word = [0, 2, 4, 6].map((i) => parseInt(hex.slice(w + i, w + i + 2), 16));
    bytes.push(...(endianness === "LE" ? word.reverse() : word));
  }
  return bytes.length === 4 ? bytes.join(".") : formatIpv6(bytes);
}

/** Formats 16 bytes as RFC 5952 text (`::1`, `fe80::1`, `::ffff:127.0.0.1`). */
export function formatIpv6(bytes: readonly number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return `::ffff:${bytes.slice(12).join(".")}`;
  // Longest run of zero groups (length ≥ 2, first one wins) becomes "::".
  let best = { start: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len) best = { start: i, len: j - i };
    i = j;
  }
  const hexes = groups.map((g) => g.toString(16));
  if (best.len < 2) return hexes.join(":");
  return `${hexes.slice(0, best.start).join(":")}::${hexes.slice(best.start + best.len).join(":")}`;
}
