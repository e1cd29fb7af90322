import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { recorded } from "../test/recorded.js";
import { decodeHexAddress, endOfListenSection, formatIpv6, listeningOn, parseProcNetTcp } from "./procfs-table.js";

const v4 = parseProcNetTcp(recorded("proc-net-tcp.txt"), "IPv4");
const v6 = parseProcNetTcp(recorded("proc-net-tcp6.txt"), "IPv6");

describe("parseProcNetTcp", () => {
  it("parses every data row of the recorded tables and skips the header", () => {
    expect(v4).toHaveLength(9);
    expect(v6).toHaveLength(6);
    expect(v4[0]).toEqual({ address: "127.0.0.1", port: 3000, state: "0A", uid: 0, inode: 19884, family: "IPv4" });
  });

  it("finds only LISTEN rows on exactly the port (3000 never matches 30001, 13000, 300 or a client's row)", () => {
    expect(listeningOn(v4, 3000).map((r) => r.inode)).toEqual([19884]);
    expect(listeningOn(v6, 3000).map((r) => [r.address, r.inode])).toEqual([["::1", 20732]]);
    expect(listeningOn(v4, 300).map((r) => r.address)).toEqual(["127.0.0.1"]);
    expect(listeningOn(v4, 30001).map((r) => r.address)).toEqual(["0.0.0.0"]);
    expect(listeningOn(v6, 13000).map((r) => r.address)).toEqual(["::1"]);
    expect(listeningOn([...v4, ...v6], 30)).toEqual([]);
  });

  it("keeps the ESTABLISHED row on the same local port out of the LISTEN set", () => {
    expect(
      v4
        .filter((r) => r.port === 3000)
        .map((r) => r.state)
        .sort(),
    ).toEqual(["01", "0A"]);
  });

  it("reports the dual-stack listener as IPv6 ::", () => {
    expect(listeningOn(v6, 18789)).toEqual([{ address: "::", port: 18789, state: "0A", uid: 0, inode: 19883, family: "IPv6" }]);
  });

  it("decodes IPv4-mapped addresses", () => {
    expect(v6.at(-1)?.address).toBe("::ffff:127.0.0.1");
  });

  it("reads the socket owner's uid", () => {
    const line = "   0: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000 65534        0 4242 1 0000000000000000 100 0 0 10 0";
    expect(parseProcNetTcp(line, "IPv4")).toEqual([{ address: "127.0.0.1", port: 3000, state: "0A", uid: 65534, inode: 4242, family: "IPv4" }]);
  });

  it("skips malformed and truncated rows instead of throwing", () => {
    const text = "garbage\n   1: ZZZZ:0BB8 00000000:0000 0A\n   2: 0100007F:0BB8 00000000:0000 0A 0:0 0:0 0 x 0 1\n";
    expect(parseProcNetTcp(text, "IPv4")).toEqual([]);
  });
});

describe("decodeHexAddress", () => {
  it("decodes little-endian and big-endian words", () => {
    expect(decodeHexAddress("0100007F")).toBe("127.0.0.1");
    expect(decodeHexAddress("7F000001", "BE")).toBe("127.0.0.1");
    expect(decodeHexAddress("00000000000000000000000001000000")).toBe("::1");
    expect(decodeHexAddress("000080FE00000000FFC5215EC6B0C3FE")).toBe("fe80::5e21:c5ff:fec3:b0c6");
    expect(decodeHexAddress("123")).toBeUndefined();
  });

  it("formats any 16 bytes like node's own IPv6 normalisation (property)", async () => {
    const { isIPv6 } = await import("node:net");
    const { URL } = await import("node:url");
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 255 })), { minLength: 16, maxLength: 16 }), (bytes) => {
        const text = formatIpv6(bytes);
        expect(isIPv6(text)).toBe(true);
        // WHATWG URL serialises IPv6 hosts in RFC 5952 form (except it writes mapped v4 as hex).
        const canonical = new URL(`http://[${text}]/`).hostname.slice(1, -1);
        if (!text.startsWith("::ffff:") || text.split(":").length > 4) expect(text).toBe(canonical);
      }),
    );
  });
});

describe("endOfListenSection", () => {
  const table = recorded("proc-net-tcp.txt");

  it("ends at the first non-LISTEN row of the recorded table (the kernel lists listeners first)", () => {
    const { done, offset } = endOfListenSection(table);
    expect(done).toBe(true);
    const section = parseProcNetTcp(table.slice(0, offset), "IPv4");
    expect(section.map((r) => r.state)).toEqual(["0A", "0A", "0A", "0A", "0A"]);
    expect(listeningOn(section, 3000)).toEqual(listeningOn(v4, 3000));
  });

  it("resumes across chunk boundaries", () => {
    for (let cut = 1; cut < table.length; cut += 37) {
      const first = endOfListenSection(table.slice(0, cut));
      const end = first.done ? first : endOfListenSection(table, first.offset);
      expect(end).toEqual(endOfListenSection(table));
    }
  });

  it("is not done for a table of only listeners", () => {
    const header = table.split("\n")[0]!;
    expect(endOfListenSection(`${header}\n`).done).toBe(false);
  });
});
