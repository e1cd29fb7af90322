import { describe, expect, it } from "vitest";
import { recorded } from "../test/recorded.js";
import { parseNetstat } from "./netstat.js";

const en = recorded("netstat-windows-en.txt");
const de = recorded("netstat-windows-de.txt");

describe("parseNetstat", () => {
  it("lists IPv4 and IPv6 listeners on exactly the port, ignoring connections, TIME_WAIT and UDP", () => {
    expect(parseNetstat(en, 3000)).toEqual([
      { pid: 8124, address: "127.0.0.1", port: 3000, family: "IPv4" },
      { pid: 8124, address: "::", port: 3000, family: "IPv6" },
      { pid: 8200, address: "::1", port: 3000, family: "IPv6" },
    ]);
  });

  it("never matches neighbours sharing digits (3000 vs 30001 / 13000, 1878 vs 18789 / 187890)", () => {
    expect(parseNetstat(en, 30001).map((r) => r.pid)).toEqual([3200, 3200]);
    expect(parseNetstat(en, 13000).map((r) => r.pid)).toEqual([3100]);
    expect(parseNetstat(en, 300)).toEqual([]);
    expect(parseNetstat(de, 1878).map((r) => r.pid)).toEqual([5150]);
  });

  it("works with localized state words (German ABHÖREN) and zone ids", () => {
    expect(parseNetstat(de, 18789)).toEqual([
      { pid: 4242, address: "0.0.0.0", port: 18789, family: "IPv4" },
      { pid: 4242, address: "::", port: 18789, family: "IPv6" },
      { pid: 4242, address: "fe80::1c2b:3a4d:5e6f:7a8b%12", port: 18789, family: "IPv6" },
    ]);
  });

  it("returns nothing for empty or foreign text", () => {
    expect(parseNetstat("", 80)).toEqual([]);
    expect(parseNetstat("The requested operation requires elevation.", 80)).toEqual([]);
  });
});
