import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { collectListenSection, readListenSection, SEQ_BUFFER_MIN_BYTES, shortReadEndsTable, socketInodesOf, type ChunkReader } from "./procfs.js";
import { parseProcNetTcp } from "./procfs-table.js";

const HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
/** A /proc/net/tcp row: the kernel pads each IPv4 row to 150 bytes with its newline. */
const row = (sl: number, state: string, inode: number): string => {
  const local = `0100007F:${(3000 + sl).toString(16).toUpperCase().padStart(4, "0")}`;
  const text = `${String(sl).padStart(4)}: ${local} 00000000:0000 ${state} 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1`;
  return `${text.padEnd(149)}\n`;
};

/**
 * Serves `lines` the way a seq_file does: whole rows, at most one page per read, and a
 * read that ends short only at the end of the table. Counts the reads it was asked for.
 */
function seqFile(lines: readonly string[], page = SEQ_BUFFER_MIN_BYTES): ChunkReader & { reads: number } {
  let next = 0;
  const reader = Object.assign(
    (buffer: Buffer): number => {
      reader.reads++;
      let n = 0;
      while (next < lines.length && n + lines[next]!.length <= Math.min(page, buffer.length)) {
        n += buffer.write(lines[next]!, n, "latin1");
        next++;
      }
      return n;
    },
    { reads: 0 },
  );
  return reader;
}

describe("shortReadEndsTable", () => {
  it("counts a read short by more than a row as the end, and a full or nearly full page as not", () => {
    expect(shortReadEndsTable(0, 8192)).toBe(true);
    expect(shortReadEndsTable(300, 8192)).toBe(true);
    expect(shortReadEndsTable(4050, 8192)).toBe(false); // 27 rows of 150: the 28th did not fit the page
    expect(shortReadEndsTable(3600, 8192)).toBe(false);
    expect(shortReadEndsTable(300, 300)).toBe(false); // not short at all
  });
});

describe("collectListenSection", () => {
  it("reads a quiet host's table once: the short read is the end, no second walk of the kernel's hash", () => {
    const lines = [`${HEADER}\n`, row(0, "0A", 100), row(1, "0A", 101)];
    const reader = seqFile(lines);
    expect(collectListenSection(reader)).toBe(lines.join(""));
    expect(reader.reads).toBe(1);
  });

  it("keeps reading while pages come back full, and returns every LISTEN row of a long section", () => {
    const lines = [`${HEADER}\n`, ...Array.from({ length: 40 }, (_, i) => row(i, "0A", 200 + i))];
    const reader = seqFile(lines);
    expect(collectListenSection(reader)).toBe(lines.join(""));
    expect(reader.reads).toBe(2); // 4050 bytes (a full page), then the short rest
  });

  it("stops at the first row that is not LISTEN and leaves it out", () => {
    const listen = [`${HEADER}\n`, row(0, "0A", 300)];
    const reader = seqFile([...listen, row(1, "01", 301), row(2, "06", 302)]);
    expect(collectListenSection(reader)).toBe(listen.join(""));
    expect(reader.reads).toBe(1);
  });

  it("reads a regular file (recorded tables) to its end", () => {
    const lines = [`${HEADER}\n`, ...Array.from({ length: 70 }, (_, i) => row(i, "0A", 400 + i))];
    const text = lines.join("");
    let offset = 0;
    const file: ChunkReader = (buffer) => {
      const n = buffer.write(text.slice(offset, offset + buffer.length), 0, "latin1");
      offset += n;
      return n;
    };
    expect(collectListenSection(file, 1024)).toBe(text);
  });
});

describe.runIf(process.platform === "linux")("readListenSection on the real /proc/net/tcp", () => {
  it("returns the table's LISTEN section, our own listener included", async () => {
    const server = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const { port } = server.address() as { port: number };
      const section = readListenSection("/proc/net/tcp") ?? "";
      // Other processes open and close sockets meanwhile, so compare shapes rather than bytes.
      const rows = parseProcNetTcp(section, "IPv4");
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.state === "0A")).toBe(true);
      expect(rows.some((r) => r.port === port && r.address === "127.0.0.1")).toBe(true);
    } finally {
      server.close();
    }
  });
});

describe("socketInodesOf", () => {
  const errno = (code: string) => Object.assign(new Error(code), { code });

  it("returns the socket inodes among a process's fds and skips pipes, files and fds closed meanwhile", () => {
    const links: Record<string, string | Error> = {
      "/proc/9/fd/0": "/dev/null",
      "/proc/9/fd/1": "pipe:[11]",
      "/proc/9/fd/3": errno("ENOENT"),
      "/proc/9/fd/4": "socket:[4242]",
      "/proc/9/fd/5": "socket:[77]",
    };
    const read = (path: string): string => {
      const link = links[path];
      if (link instanceof Error || link === undefined) throw link ?? errno("ENOENT");
      return link;
    };
    expect(socketInodesOf("/proc/9/fd", ["0", "1", "3", "4", "5"], read)).toEqual([4242, 77]);
  });

  it.each(["EACCES", "EPERM"])("stops at the first %s: the kernel checks access per process, so the other fds would fail alike", (code) => {
    let calls = 0;
    const read = (): string => {
      calls++;
      throw errno(code);
    };
    expect(
      socketInodesOf(
        "/proc/1/fd",
        Array.from({ length: 250 }, (_, i) => String(i)),
        read,
      ),
    ).toEqual([]);
    expect(calls).toBe(1);
  });
});
