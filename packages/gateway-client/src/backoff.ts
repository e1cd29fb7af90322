import { RECONNECT_INITIAL_DELAY_MS, RECONNECT_MAX_DELAY_MS } from "./limits.js";

/** Settings of the capped exponential reconnect backoff. */
export interface BackoffOptions {
  /** Delay before the first reconnect attempt, in ms (default 1000). */
  initialDelayMs?: number;
  /** Upper bound for any delay, in ms (default 30000). */
  maxDelayMs?: number;
}

/** Delay in ms before reconnect attempt `attempt` (0-based): initial × 2^attempt, capped at max. */
export function reconnectDelayMs(attempt: number, options: BackoffOptions = {}): number {
  const initial = Math.max(0, options.initialDelayMs ?? RECONNECT_INITIAL_DELAY_MS);
  const max = Math.max(initial, options.maxDelayMs ?? RECONNECT_MAX_DELAY_MS);
  if (!Number.isFinite(attempt) || attempt < 0) return initial;
  // 2^attempt overflows to Infinity for huge attempts; Math.min keeps the cap.
  return Math.min(max, initial * 2 ** Math.floor(attempt));
}
