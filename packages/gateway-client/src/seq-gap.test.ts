import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { trackSeq } from "./seq-gap.js";

describe("trackSeq", () => {
  it("reports nothing for the first event or consecutive events", () => {
    expect(trackSeq(null, 7)).toEqual({ lastSeq: 7 });
    expect(trackSeq(7, 8)).toEqual({ lastSeq: 8 });
  });

  it("reports a gap with the expected and received seq", () => {
    expect(trackSeq(3, 6)).toEqual({ lastSeq: 6, gap: { expected: 4, received: 6 } });
  });

  it("ignores events without a seq", () => {
    expect(trackSeq(3, undefined)).toEqual({ lastSeq: 3 });
    expect(trackSeq(null, undefined)).toEqual({ lastSeq: null });
  });

  it("restarts tracking without a gap when the seq goes backwards (restarted server)", () => {
    expect(trackSeq(100, 1)).toEqual({ lastSeq: 1 });
  });

  it("reports exactly the missing count over any sequence", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 50 }), (steps) => {
        let last: number | null = null;
        let seq = 0;
        let missing = 0;
        for (const step of steps) {
          seq += step;
          const r = trackSeq(last, seq);
          if (r.gap) missing += r.gap.received - r.gap.expected;
          last = r.lastSeq;
        }
        const expected = steps.slice(1).reduce((sum, s) => sum + (s - 1), 0);
        expect(missing).toBe(expected);
      }),
    );
  });
});
