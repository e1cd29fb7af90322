import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from "node:fs";
import { endianness } from "node:os";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Family, HiddenSocket, Listener, PortScan } from "./listener-types.js";
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
 * Rows the kernel formats per read: a seq_file fills one buffer of at least a page (4 KiB)
 * and stops early only at the end of the table or when the next row would not fit. A row
 * of /proc/net/tcp is 150 bytes, of tcp6 about 180; 512 leaves room for any of them.
 */
export const SEQ_BUFFER_MIN_BYTES = 4096;
export const SEQ_ROW_MAX_BYTES = 512;

/**
 * True when a read of `requested` bytes that returned `got` proves the table has ended:
 * it is short, and by more than a row could explain. Asking again to see 0 is not free:
 * the kernel walks its whole (empty) connection hash once more to say so, ~2 ms a table.
 */
export function shortReadEndsTable(got: number, requested: number): boolean {
  return got < requested && got + SEQ_ROW_MAX_BYTES <= SEQ_BUFFER_MIN_BYTES;
}

/** Reads into `buffer` and returns the byte count (0 at the end); `readSync` on an open table. */
export type ChunkReader = (buffer: Buffer) => number;

/**
 * Collects a socket table up to the end of its LISTEN section. The kernel prints the
 * listening hash before the established one (tcp_get_idx: listening_get_first, then
 * established_get_first), and a busy host can have tens of thousands of TIME_WAIT rows
 * after it: stopping early keeps a lookup sub-millisecond instead of ~50 ms. A short
 * read ends it too (see shortReadEndsTable), so a quiet host's table costs one read.
 */
export function collectListenSection(read: ChunkReader, chunkBytes = TABLE_READ_CHUNK_BYTES): string {
  const buffer = Buffer.alloc(chunkBytes);
  let text = "";
  let scanned = 0; // offset of the first line not yet checked
  for (;;) {
    const n = read(buffer);
    if (n === 0) return text;
    text += buffer.toString("latin1", 0, n);
    const end = endOfListenSection(text, scanned);
    if (end.done) return text.slice(0, end.offset);
    if (shortReadEndsTable(n, chunkBytes)) return text;
    scanned = end.offset;
  }
}

/** Reads the LISTEN section of the socket table at `path` (see collectListenSection); undefined when it cannot be opened. */
export function readListenSection(path: string, chunkBytes = TABLE_READ_CHUNK_BYTES): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    return collectListenSection((buffer) => readSync(fd, buffer, 0, buffer.length, null), chunkBytes);
  } finally {
    closeSync(fd);
  }
}

/** The LISTEN sockets on exactly `port` from `/proc/net/tcp` and `/proc/net/tcp6` (or only the `families` given). */
export function readListeningSockets(port: number, procRoot = "/proc", families: readonly Family[] = ["IPv4", "IPv6"]): ProcSocket[] {
  const order = endianness();
  const tables: Array<[string, Family]> = [
    ["net/tcp", "IPv4"],
    ["net/tcp6", "IPv6"],
  ];
  return tables
    .filter(([, family]) => families.includes(family))
    .flatMap(([file, family]) => {
      const text = readListenSection(`${procRoot}/${file}`);
      return text === undefined ? [] : listeningOn(parseProcNetTcp(text, family, order), port);
    });
}

/** Reads a symlink's target; `readlinkSync` unless a test says otherwise. */
export type LinkReader = (path: string) => string;

/**
 * The socket inodes among one process's open fds (`/proc/<pid>/fd/<n>` → `socket:[inode]`).
 * The kernel decides access per process (ptrace_may_access), so the first EACCES/EPERM
 * ends the process: every other fd of it would fail alike, and in a container or sandbox
 * one such process can hold hundreds of fds (each failed call costs a thrown error).
 */
export function socketInodesOf(fdDir: string, fds: readonly string[], readLink: LinkReader = readlinkSync): number[] {
  const inodes: number[] = [];
  for (const fd of fds) {
    let link: string;
    try {
      link = readLink(`${fdDir}/${fd}`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EACCES" || code === "EPERM") break;
      continue; // closed meanwhile (ENOENT)
    }
    if (link.startsWith("socket:[")) inodes.push(Number(link.slice(8, -1)));
  }
  return inodes;
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
    const pid = Number(pids[i]);
    for (const inode of socketInodesOf(fdDir, fds)) {
      if (!inodes.has(inode)) continue;
      const holders = found.get(inode) ?? [];
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
