import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { assertValidPort, hostOfAddress, parsePort, portOfAddress } from "./port-number.js";

describe("parsePort", () => {
  it("accepts 1..65535 written as plain digits", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65535 }), (n) => {
        expect(parsePort(String(n))).toBe(n);
      }),
    );
  });

  it("rejects 0, out-of-range, signs, hex, exponents and trailing junk", () => {
    for (const bad of ["0", "65536", "70000", "-1", "+80", "0x50", "1e3", "80abc", " 80", "", "8080.0", "999999"]) {
      expect(parsePort(bad), bad).toBeUndefined();
    }
  });
});

describe("assertValidPort", () => {
  it("throws an actionable INVALID_PORT for non-integers and out of range", () => {
    for (const bad of [0, -1, 65536, 3.5, Number.NaN, "80"]) {
      expect(() => assertValidPort(bad), String(bad)).toThrow(
        expect.objectContaining({ code: "INVALID_PORT", message: expect.stringContaining("1 to 65535") }),
      );
    }
    expect(() => assertValidPort(65535)).not.toThrow();
  });
});

describe("address splitting", () => {
  it("splits host and numeric port of every shape the tools print", () => {
    const cases: Array<[string, string, number | undefined]> = [
      ["127.0.0.1:3000", "127.0.0.1", 3000],
      ["[::1]:3000", "::1", 3000],
      ["*:3000", "*", 3000],
      ["[fe80::1%12]:80", "fe80::1%12", 80],
      ["0.0.0.0:0", "0.0.0.0", 0],
      ["*:http", "*", undefined],
      ["*:*", "*", undefined],
      ["nocolon", "nocolon", undefined],
    ];
    for (const [text, host, port] of cases) {
      expect([hostOfAddress(text), portOfAddress(text)], text).toEqual([host, port]);
    }
  });
});
