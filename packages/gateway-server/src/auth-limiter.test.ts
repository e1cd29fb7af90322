import { describe, expect, it } from "vitest";
import { authDelayMs, createAuthFailureLimiter } from "./auth-limiter.js";

const fail = (limiter: ReturnType<typeof createAuthFailureLimiter>, ip: string, id: string) => {
  const admission = limiter.admit(ip, id);
  if (admission.ok) limiter.recordFailure(ip, id);
  return admission;
};

describe("createAuthFailureLimiter", () => {
  it("gives free failures, then spaces a source's checks by a doubling delay (no lockout)", () => {
    let now = 1_000_000;
    const limiter = createAuthFailureLimiter({ freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 8000, maxWaitMs: 5000, now: () => now });
    for (let i = 0; i < 3; i++) expect(fail(limiter, "127.0.0.1", "brute")).toMatchObject({ ok: true, waitMs: 0 });
    // The first delayed check goes at once and reserves the next one 1 s later, then 2 s, 4 s...
    expect(fail(limiter, "127.0.0.1", "brute")).toMatchObject({ ok: true, waitMs: 0 });
    expect(fail(limiter, "127.0.0.1", "brute")).toMatchObject({ ok: true, waitMs: 1000 });
    expect(fail(limiter, "127.0.0.1", "brute")).toMatchObject({ ok: true, waitMs: 3000 });
    // The next is due at +7 s, beyond the 5 s wait: refused with when to retry, never "locked".
    expect(limiter.admit("127.0.0.1", "brute")).toEqual({ ok: false, retryAfterMs: 7000, failures: 6 });
    now += 7000;
    expect(limiter.admit("127.0.0.1", "brute")).toMatchObject({ ok: true, waitMs: 0 });
  });

  it("keeps the owner's client id apart from a brute-forcer on the same address", () => {
    let now = 0;
    const limiter = createAuthFailureLimiter({ freeFailures: 2, maxWaitMs: 1000, now: () => now });
    for (let i = 0; i < 20; i++) {
      fail(limiter, "127.0.0.1", "brute");
      now += 10;
    }
    expect(limiter.admit("127.0.0.1", "cli")).toMatchObject({ ok: true, waitMs: 0 });
  });

  it("makes client ids beyond sourcesPerIp share one count, except ids that connected before", () => {
    const now = 0;
    const limiter = createAuthFailureLimiter({ freeFailures: 1, sourcesPerIp: 2, maxWaitMs: 0, now: () => now });
    const owner = limiter.admit("10.0.0.1", "cli");
    expect(owner.ok).toBe(true);
    limiter.recordSuccess("10.0.0.1", "cli");
    for (let i = 0; i < 10; i++) fail(limiter, "10.0.0.1", `rotating-${i}`);
    // A fresh id now lands in the shared, delayed count; the known owner does not.
    expect(limiter.admit("10.0.0.1", "fresh-id").ok).toBe(false);
    expect(limiter.admit("10.0.0.1", "cli")).toMatchObject({ ok: true, waitMs: 0 });
    expect(limiter.trackedSources()).toBeLessThanOrEqual(4);
  });

  it("counts attempts still being checked, so parallel sockets get no extra free guesses", () => {
    const limiter = createAuthFailureLimiter({ freeFailures: 2, maxWaitMs: 0, now: () => 0 });
    expect(limiter.admit("1.2.3.4", "x").ok).toBe(true);
    expect(limiter.admit("1.2.3.4", "x").ok).toBe(true);
    expect(limiter.admit("1.2.3.4", "x")).toMatchObject({ ok: true, waitMs: 0 });
    expect(limiter.admit("1.2.3.4", "x").ok).toBe(false);
    limiter.release("1.2.3.4", "x");
  });

  it("authDelayMs doubles and caps", () => {
    expect([9, 10, 11, 12, 20].map((n) => authDelayMs(n, 10, 1000, 30_000))).toEqual([0, 1000, 2000, 4000, 30_000]);
  });
});
