// Per-IP limiter of failed auth attempts over a sliding window, so a token cannot be
// brute-forced (upstream had no limit at all).
import { AUTH_FAILURE_WINDOW_MS, AUTH_FAILURES_PER_MINUTE } from "./limits.js";

export interface AuthFailureLimiter {
  /** Milliseconds until `ip` may try again, or 0 when it may try now. */
  retryAfterMs(ip: string): number;
  /** Records one failed attempt from `ip`. */
  recordFailure(ip: string): void;
  /** Number of IPs currently tracked (for tests and stats). */
  trackedIps(): number;
}

/** Creates a limiter allowing `maxFailures` failures per `windowMs`; `now` is injectable. */
export function createAuthFailureLimiter(options: { maxFailures?: number; windowMs?: number; now?: () => number } = {}): AuthFailureLimiter {
  const maxFailures = options.maxFailures ?? AUTH_FAILURES_PER_MINUTE;
  const windowMs = options.windowMs ?? AUTH_FAILURE_WINDOW_MS;
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();

  const recent = (ip: string, at: number): number[] => {
    const list = (failures.get(ip) ?? []).filter((t) => at - t < windowMs);
    if (list.length === 0) failures.delete(ip);
    else failures.set(ip, list);
    return list;
  };

  return {
    retryAfterMs(ip) {
      const at = now();
      const list = recent(ip, at);
      if (list.length < maxFailures) return 0;
      // The oldest failure that keeps the count at the limit must leave the window.
      const blocking = list[list.length - maxFailures] ?? at;
      return Math.max(1, blocking + windowMs - at);
    },
    recordFailure(ip) {
      const at = now();
      const list = recent(ip, at);
      list.push(at);
      // Keep memory bounded per IP: older entries no longer matter.
      failures.set(ip, list.slice(-maxFailures));
      // Bound the number of tracked IPs too, dropping the stalest first.
      if (failures.size > 10_000) {
        const first = failures.keys().next();
        if (!first.done) failures.delete(first.value);
      }
    },
    trackedIps() {
      return failures.size;
    },
  };
}
