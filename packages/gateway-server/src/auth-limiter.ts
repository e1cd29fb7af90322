// Failed-auth throttle: brute force stays slow, the owner is not locked out. Failures are
// counted per source = (client address, client id), not per address alone: every local
// process shares 127.0.0.1, so an address-wide limit let any local brute-forcer refuse the
// owner's CLI. A source gets a few free failures, then each further attempt is checked
// only once a delay that doubles per failure has passed since its previous check (never a
// hard lockout), however many sockets it opens. One address gets at most
// `sourcesPerIp` sources with their own counts; further client ids from it share one. A
// source that connected with the right secret recently keeps its own count regardless.
//
// A client id is only a claim: any local process can send the owner's "cli". A device is
// not: an attempt whose signature verifies for a device that authenticated before (paired,
// or seen here with the right secret) counts against (address, device) instead, which no
// other process can share. Such devices always keep their own count; a device the throttle
// has not seen succeed (e.g. a key pair minted per attempt) stays a client-id source.
import {
  AUTH_FAILURE_BASE_DELAY_MS,
  AUTH_FAILURE_MAX_DELAY_MS,
  AUTH_FAILURE_WINDOW_MS,
  AUTH_FREE_FAILURES,
  AUTH_KNOWN_SOURCE_MS,
  AUTH_MAX_TRACKED_SOURCES,
  AUTH_MAX_WAIT_MS,
  AUTH_SOURCES_PER_IP,
} from "./limits.js";

/** Whose count an attempt goes to: a client id (a claim) or `{ device }`, a device that proved its key. */
export type AuthSource = string | { device: string };

/** The throttle's answer for one attempt: check it after `waitMs`, or refuse it for `retryAfterMs`. */
export type AuthAdmission = { ok: true; waitMs: number; failures: number } | { ok: false; retryAfterMs: number; failures: number };

export interface AuthFailureLimiter {
  /** Decides when an attempt from (ip, source) may be checked, and reserves that moment. */
  admit(ip: string, source: AuthSource): AuthAdmission;
  /** The admitted attempt failed. */
  recordFailure(ip: string, source: AuthSource): void;
  /** A failure of an attempt that was not admitted first (a forged device signature): counted all the same. */
  recordUnadmittedFailure(ip: string, source: AuthSource): void;
  /**
   * The admitted attempt succeeded: this source keeps its own count from now on, and
   * `provenDevice` (a device whose signature verified on this attempt) becomes known.
   */
  recordSuccess(ip: string, source: AuthSource, provenDevice?: string): void;
  /** The admitted attempt was never checked (the client left while waiting). */
  release(ip: string, source: AuthSource): void;
  /** Whether `deviceId` proved its key together with the right secret recently (AUTH_KNOWN_SOURCE_MS). */
  knowsDevice(deviceId: string): boolean;
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
  const knownDevices = new Map<string, number>();

  // Client ids and device ids live in separate key spaces: no client id can name a device's count.
  const ownKey = (ip: string, source: AuthSource): string =>
    typeof source === "string" ? `${ip}\u0000c\u0000${source.slice(0, 128)}` : `${ip}\u0000d\u0000${source.device.slice(0, 128)}`;
  const keyOf = (ip: string, source: AuthSource): string => {
    const own = ownKey(ip, source);
    if (typeof source !== "string" || sources.has(own)) return own;
    const knownAt = known.get(own);
    if (knownAt !== undefined && now() - knownAt < AUTH_KNOWN_SOURCE_MS) return own;
    return (perIp.get(ip)?.size ?? 0) < sourcesPerIp ? own : `${ip}\u0000*`;
  };
  const state = (ip: string, key: string, at: number, countsPerIp: boolean): SourceState => {
    let s = sources.get(key);
    if (!s) {
      s = { failures: [], pending: 0, nextAt: 0 };
      sources.set(key, s);
      if (countsPerIp) {
        let keys = perIp.get(ip);
        if (!keys) perIp.set(ip, (keys = new Set()));
        keys.add(key);
      }
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
  const settle = (ip: string, source: AuthSource, failed: boolean, admitted = true): void => {
    const key = keyOf(ip, source);
    const at = now();
    const s = admitted ? sources.get(key) : state(ip, key, at, typeof source === "string");
    if (!s) return;
    if (admitted) s.pending = Math.max(0, s.pending - 1);
    if (failed) s.failures.push(at);
    // Keep memory bounded per source: counts beyond what the longest delay needs add nothing.
    if (s.failures.length > freeFailures + 32) s.failures.shift();
    if (s.pending === 0 && s.failures.length === 0) forget(key);
  };

  /** Marks `key` as seen now (most recent last), dropping the stalest beyond the bound. */
  const remember = (map: Map<string, number>, key: string): void => {
    map.delete(key);
    map.set(key, now());
    if (map.size > AUTH_MAX_TRACKED_SOURCES) map.delete(map.keys().next().value as string);
  };

  return {
    admit(ip, source) {
      const at = now();
      const key = keyOf(ip, source);
      const s = state(ip, key, at, typeof source === "string");
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
    recordFailure: (ip, source) => settle(ip, source, true),
    recordUnadmittedFailure: (ip, source) => settle(ip, source, true, false),
    release: (ip, source) => settle(ip, source, false),
    recordSuccess(ip, source, provenDevice) {
      settle(ip, source, false);
      if (typeof source === "string") remember(known, ownKey(ip, source));
      if (provenDevice !== undefined) remember(knownDevices, provenDevice);
    },
    knowsDevice(deviceId) {
      const at = knownDevices.get(deviceId);
      return at !== undefined && now() - at < AUTH_KNOWN_SOURCE_MS;
    },
    trackedSources: () => sources.size,
  };
}
