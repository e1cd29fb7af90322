import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { truncateCloseReason } from "./close-reason.js";

const bytes = (s: string): number => Buffer.byteLength(s, "utf8");

describe("truncateCloseReason", () => {
  it("keeps short reasons unchanged", () => {
    expect(truncateCloseReason("protocol mismatch")).toBe("protocol mismatch");
    expect(truncateCloseReason("")).toBe("");
  });

  it("cuts ASCII at exactly 120 bytes", () => {
    expect(truncateCloseReason("a".repeat(200))).toBe("a".repeat(120));
  });

  it("never splits a multi-byte character (é = 2 bytes, € = 3, 😀 = 4)", () => {
    expect(truncateCloseReason(`${"a".repeat(119)}é`)).toBe("a".repeat(119));
    expect(truncateCloseReason(`${"a".repeat(118)}€`)).toBe("a".repeat(118));
    expect(truncateCloseReason(`${"a".repeat(117)}😀😀`)).toBe("a".repeat(117));
    expect(truncateCloseReason("😀".repeat(40))).toBe("😀".repeat(30));
  });

  it("always yields a valid UTF-8 prefix within the limit (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), fc.integer({ min: 0, max: 130 }), (input, max) => {
        const out = truncateCloseReason(input, max);
        expect(bytes(out)).toBeLessThanOrEqual(Math.max(max, bytes(input) <= max ? bytes(input) : 0));
        expect(input.startsWith(out)).toBe(true);
        expect(Buffer.from(out, "utf8").toString("utf8")).toBe(out);
        if (bytes(input) <= max) expect(out).toBe(input);
      }),
    );
  });
});
