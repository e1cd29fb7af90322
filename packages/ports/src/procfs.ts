import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from "node:fs";
import { endianness } from "node:os";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Family, HiddenSocket, Listener, PortScan } from "./listener.js";
import { formatCmdline, parsePasswd, parseStatusUid } from "./passwd.js";
import { endOfListenSection, listeningOn, parseProcNetTcp, type ProcSocket } from "./procfs-table.js";

/** Bytes read from a socket table at a time; the kernel only formats the rows we ask for. */
export const TABLE_READ_CHUNK_BYTES = 8 * 1024;

/** Processes scanned between two yields to the event loop, so a busy host never stalls it long. */
export const PROC_SCAN_BATCH_PIDS = 256;

/** Where the Linux lookup reads from; tests point it at a recorded tree. */
export interface ProcfsOptions {
  procRoot?: string; // default "/proc"
  passwdPath?: string; // default "/etc/passwd"
  batchPids?: number; // default PROC_SCAN_BATCH_PIDS
  /** Only read these tables (decided by bind probes); default both. */
  families?: readonly Family[];
  /** Only look into these processes' fd tables (a re-check of known holders); default all. */
  pids?: readonly number[];
}

// Synchronous reads on purpose: procfs answers from kernel memory in microseconds, and the
// thread-pool round trip of fs/promises would cost more than the read itself.
function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined; // the process exited, or the file is not ours to read
  }
}

/**
 * Reads a socket table only up to the end of its LISTEN section. The kernel prints the
 * listening hash before the established one (tcp_get_idx: listening_get_first, then
 * established_get_first), and a busy host can have tens of thousands of TIME_WAIT rows
 * after it: stopping early keeps a lookup sub-millisecond instead of ~50 ms.
 */
export function readListenSection(path: string, chunkBytes = TABLE_READ_CHUNK_BYTES): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.alloc(chunkBytes);
    let text = "";
    let scanned = 0; // offset of the first line not yet checked
    for (;;) {
      const n = readSync(fd, buffer, 0, chunkBytes, null);
      if (n === 0) return text;
      text += buffer.toString("latin1", 0, n);
      const end = endOfListenSection(text, scanned);
      if (end.done) return text.slice(0, end.offset);
      scanned = end.offset;
    }
  } finally {
    closeSync(fd);
  }
}

/** The LISTEN sockets on exactly `port` from `/proc/net/tcp` and `/proc/net/tcp6` (or only the `families` given). */
export function readListeningSockets(port: number, procRoot = "/proc", families: readonly Family[] = ["IPv4", "IPv6"]): ProcSocket[] {
  const order = endianness();
  const tables: Array<[string, Family]> = [["net/tcp", "IPv4"], ["net/tcp6", "IPv6"]];
  return tables.filter(([, family]) => families.includes(family)).flatMap(([file, family]) => {
    const text = readListenSection(`${procRoot}/${file}`);
    return text === undefined ? [] : listeningOn(parseProcNetTcp(text, family, order), port);
  });
}

/** Finds the pids whose fd tables hold one of `inodes` (a forked socket is held by several). */
async function pidsByInode(inodes: Set<number>, procRoot: string, batch: number, only?: readonly number[]): Promise<Map<number, number[]>> {
  const found = new Map<number, number[]>();
  let pids: string[];
  try {
    pids = only ? only.map(String) : readdirSync(procRoot).filter((name) => /^\d+$/.test(name));
  } catch {
    return found;
  }
  for (let i = 0; i < pids.length; i++) {
    if (i > 0 && i % batch === 0) await yieldToEventLoop();
    const fdDir = `${procRoot}/${pids[i]}/fd`;
    let fds: string[];
    try {
      fds = readdirSync(fdDir);
    } catch {
      continue; // another user's process (EACCES) or gone (ENOENT)
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`${fdDir}/${fd}`);
      } catch {
        continue;
      }
      if (!link.startsWith("socket:[")) continue;
      const inode = Number(link.slice(8, -1));
      if (!inodes.has(inode)) continue;
      const holders = found.get(inode) ?? [];
      const pid = Number(pids[i]);
      if (!holders.includes(pid)) holders.push(pid);
      found.set(inode, holders);
    }
  }
  return found;
}

/** Linux lookup without any binary: socket table rows → inodes → `/proc/<pid>/fd` → process details. */
export async function scanProcfs(port: number, options: ProcfsOptions = {}): Promise<PortScan> {
  const procRoot = options.procRoot ?? "/proc";
  const sockets = readListeningSockets(port, procRoot, options.families);
  if (sockets.length === 0) return { listeners: [], hidden: [] };
  const owners = await pidsByInode(new Set(sockets.map((s) => s.inode)), procRoot, options.batchPids ?? PROC_SCAN_BATCH_PIDS, options.pids);
  const users = parsePasswd(readText(options.passwdPath ?? "/etc/passwd") ?? "");
  const listeners: Listener[] = [];
  const hidden: HiddenSocket[] = [];
  for (const socket of sockets) {
    const pids = owners.get(socket.inode) ?? [];
    if (pids.length === 0) {
      hidden.push({ address: socket.address, port, family: socket.family, uid: socket.uid, user: users.get(socket.uid) });
      continue;
    }
    for (const pid of pids) {
      const command = readText(`${procRoot}/${pid}/comm`)?.trim();
      const cmdline = readText(`${procRoot}/${pid}/cmdline`);
      const uid = parseStatusUid(readText(`${procRoot}/${pid}/status`) ?? "") ?? socket.uid;
      listeners.push({
        pid,
        command: command || "unknown",
        commandLine: cmdline === undefined ? undefined : formatCmdline(cmdline),
        user: users.get(uid),
        uid,
        address: socket.address,
        port,
        family: socket.family,
      });
    }
  }
  return { listeners, hidden };
}
