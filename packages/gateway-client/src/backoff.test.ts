import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reconnectDelayMs } from "./backoff.js";
import { RECONNECT_INITIAL_DELAY_MS, RECONNECT_MAX_DELAY_MS } from "./limits.js";

describe("reconnectDelayMs", () => {
  it("starts at 1 s, doubles, and caps at 30 s by default", () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 50].map((attempt) => reconnectDelayMs(attempt));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(RECONNECT_INITIAL_DELAY_MS).toBe(1000);
    expect(RECONNECT_MAX_DELAY_MS).toBe(30000);
  });

  it("honours custom initial and max delays", () => {
    expect(reconnectDelayMs(0, { initialDelayMs: 50, maxDelayMs: 120 })).toBe(50);
    expect(reconnectDelayMs(1, { initialDelayMs: 50, maxDelayMs: 120 })).toBe(100);
    expect(reconnectDelayMs(2, { initialDelayMs: 50, maxDelayMs: 120 })).toBe(120);
  });

  it("never goes below the initial delay when max is smaller", () => {
    expect(reconnectDelayMs(3, { initialDelayMs: 500, maxDelayMs: 100 })).toBe(500);
  });

  it("treats invalid attempts as the first one", () => {
    expect(reconnectDelayMs(-1)).toBe(1000);
    expect(reconnectDelayMs(Number.NaN)).toBe(1000);
  });

  it("is monotonic and bounded for any attempt", () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 100_000 }), (a, initial, max) => {
        const d0 = reconnectDelayMs(a, { initialDelayMs: initial, maxDelayMs: max });
        const d1 = reconnectDelayMs(a + 1, { initialDelayMs: initial, maxDelayMs: max });
        expect(d1).toBeGreaterThanOrEqual(d0);
        expect(d0).toBeGreaterThanOrEqual(initial);
        expect(d0).toBeLessThanOrEqual(Math.max(initial, max));
      }),
    );
  });
});
