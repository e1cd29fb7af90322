import { describe, expect, it } from "vitest";
import { createAuthFailureLimiter } from "./auth-limiter.js";

describe("createAuthFailureLimiter", () => {
  it("blocks an IP after maxFailures within the window and frees it as failures age out", () => {
    let now = 1_000_000;
    const limiter = createAuthFailureLimiter({ maxFailures: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs("1.2.3.4")).toBe(0);
      limiter.recordFailure("1.2.3.4");
      now += 10_000;
    }
    // Failures at t0, t0+10s, t0+20s; now t0+30s: the first leaves the window at t0+60s.
    expect(limiter.retryAfterMs("1.2.3.4")).toBe(30_000);
    expect(limiter.retryAfterMs("5.6.7.8")).toBe(0);
    now += 30_000;
    expect(limiter.retryAfterMs("1.2.3.4")).toBe(0);
    now += 60_000;
    expect(limiter.retryAfterMs("1.2.3.4")).toBe(0);
    expect(limiter.trackedIps()).toBe(0);
  });
});
