// Failed-auth throttle: brute force stays slow, the owner is not locked out. Failures are
// counted per source = (client address, client id), not per address alone: every local
// process shares 127.0.0.1, so an address-wide limit let any local brute-forcer refuse the
// owner's CLI. A source gets a few free failures, then each further attempt is checked
// only once a delay that doubles per failure has passed since its previous check (never a
// hard lockout), however many sockets it opens. One address gets at most
// `sourcesPerIp` sources with their own counts; further client ids from it share one. A
// source that connected with the right secret recently keeps its own count regardless.
import {
  AUTH_FAILURE_BASE_DELAY_MS, AUTH_FAILURE_MAX_DELAY_MS, AUTH_FAILURE_WINDOW_MS, AUTH_FREE_FAILURES, AUTH_KNOWN_SOURCE_MS,
  AUTH_MAX_TRACKED_SOURCES, AUTH_MAX_WAIT_MS, AUTH_SOURCES_PER_IP,
} from "./limits.js";

/** The throttle's answer for one attempt: check it after `waitMs`, or refuse it for `retryAfterMs`. */
export type AuthAdmission = { ok: true; waitMs: number; failures: number } | { ok: false; retryAfterMs: number; failures: number };

export interface AuthFailureLimiter {
  /** Decides when an attempt from (ip, clientId) may be checked, and reserves that moment. */
  admit(ip: string, clientId: string): AuthAdmission;
  /** The admitted attempt failed. */
  recordFailure(ip: string, clientId: string): void;
  /** The admitted attempt succeeded: this source keeps its own count from now on. */
  recordSuccess(ip: string, clientId: string): void;
  /** The admitted attempt was never checked (the client left while waiting). */
  release(ip: string, clientId: string): void;
  /** Sources currently tracked (for tests and stats). */
  trackedSources(): number;
}

export interface AuthLimiterOptions {
  freeFailures?: number;
  windowMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxWaitMs?: number;
  sourcesPerIp?: number;
  now?: () => number;
}

interface SourceState {
  failures: number[];
  /** Attempts admitted and not yet decided: they count as failures until they are. */
  pending: number;
  /** Earliest moment the next delayed attempt may be checked. */
  nextAt: number;
}

/** The delay before the attempt following `failures` failures; 0 while they are free. */
export function authDelayMs(failures: number, freeFailures: number, baseDelayMs: number, maxDelayMs: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(30, failures - freeFailures));
}

/** Creates the throttle; every limit is overridable and `now` is injectable for tests. */
export function createAuthFailureLimiter(options: AuthLimiterOptions = {}): AuthFailureLimiter {
  const freeFailures = options.freeFailures ?? AUTH_FREE_FAILURES;
  const windowMs = options.windowMs ?? AUTH_FAILURE_WINDOW_MS;
  const baseDelayMs = options.baseDelayMs ?? AUTH_FAILURE_BASE_DELAY_MS;
  const maxDelayMs = options.maxDelayMs ?? AUTH_FAILURE_MAX_DELAY_MS;
  const maxWaitMs = options.maxWaitMs ?? AUTH_MAX_WAIT_MS;
  const sourcesPerIp = options.sourcesPerIp ?? AUTH_SOURCES_PER_IP;
  const now = options.now ?? Date.now;
  const sources = new Map<string, SourceState>();
  const perIp = new Map<string, Set<string>>();
  const known = new Map<string, number>();

  const ownKey = (ip: string, clientId: string): string => `${ip}\u0000${clientId.slice(0, 128)}`;
  const keyOf = (ip: string, clientId: string): string => {
    const own = ownKey(ip, clientId);
    if (sources.has(own)) return own;
    const knownAt = known.get(own);
    if (knownAt !== undefined && now() - knownAt < AUTH_KNOWN_SOURCE_MS) return own;
    return (perIp.get(ip)?.size ?? 0) < sourcesPerIp ? own : `${ip}\u0000*`;
  };
  const state = (ip: string, key: string, at: number): SourceState => {
    let s = sources.get(key);
    if (!s) {
      s = { failures: [], pending: 0, nextAt: 0 };
      sources.set(key, s);
      let keys = perIp.get(ip);
      if (!keys) perIp.set(ip, (keys = new Set()));
      keys.add(key);
      if (sources.size > AUTH_MAX_TRACKED_SOURCES) forget(sources.keys().next().value as string);
    }
    while (s.failures.length > 0 && at - (s.failures[0] as number) >= windowMs) s.failures.shift();
    return s;
  };
  const forget = (key: string): void => {
    sources.delete(key);
    const ip = key.slice(0, key.indexOf("\u0000"));
    const keys = perIp.get(ip);
    keys?.delete(key);
    if (keys?.size === 0) perIp.delete(ip);
  };
  const settle = (ip: string, clientId: string, failed: boolean): void => {
    const key = keyOf(ip, clientId);
    const s = sources.get(key);
    if (!s) return;
    const at = now();
    s.pending = Math.max(0, s.pending - 1);
    if (failed) s.failures.push(at);
    // Keep memory bounded per source: counts beyond what the longest delay needs add nothing.
    if (s.failures.length > freeFailures + 32) s.failures.shift();
    if (s.pending === 0 && s.failures.length === 0) forget(key);
  };

  return {
    admit(ip, clientId) {
      const at = now();
      const key = keyOf(ip, clientId);
      const s = state(ip, key, at);
      const count = s.failures.length + s.pending;
      const delay = authDelayMs(count, freeFailures, baseDelayMs, maxDelayMs);
      if (delay === 0) {
        s.pending += 1;
        return { ok: true, waitMs: 0, failures: s.failures.length };
      }
      // Checks of one source are spaced by the delay: the first delayed attempt goes at once.
      const checkAt = Math.max(at, s.nextAt);
      if (checkAt - at > maxWaitMs) return { ok: false, retryAfterMs: checkAt - at, failures: s.failures.length };
      s.nextAt = checkAt + delay;
      s.pending += 1;
      return { ok: true, waitMs: checkAt - at, failures: s.failures.length };
    },
    recordFailure: (ip, clientId) => settle(ip, clientId, true),
    release: (ip, clientId) => settle(ip, clientId, false),
    recordSuccess(ip, clientId) {
      settle(ip, clientId, false);
      const own = ownKey(ip, clientId);
      known.delete(own);
      known.set(own, now());
      if (known.size > AUTH_MAX_TRACKED_SOURCES) known.delete(known.keys().next().value as string);
    },
    trackedSources: () => sources.size,
  };
}
