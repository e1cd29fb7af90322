// When a supervised gateway exits with an error: restart after a growing pause, and give up
// (the crash-loop brake) after too many crashes in a short time. Pure and self-contained:
// its source is embedded in the supervisor script the task runs.

/** Limits of the restart policy; every one can be overridden at install. */
export interface RestartLimits {
  /** Pause before the first restart. */
  backoffStartMs: number;
  /** The pause doubles per crash up to this. */
  backoffMaxMs: number;
  /** A run at least this long counts as healthy: the pause starts over. */
  stableRunMs: number;
  /** Give up after this many crashes … */
  crashLimit: number;
  /** … within this window. */
  crashWindowMs: number;
}

/** Defaults: 1 s doubling to 60 s; a 60 s run resets; 5 crashes in 10 minutes brake. */
export const DEFAULT_RESTART_LIMITS: RestartLimits = {
  backoffStartMs: 1_000,
  backoffMaxMs: 60_000,
  stableRunMs: 60_000,
  crashLimit: 5,
  crashWindowMs: 10 * 60_000,
};

/** What to do after a crash: restart after `delayMs`, or stop (the brake). */
export type RestartDecision = { action: "restart"; delayMs: number } | { action: "brake"; crashes: number };

/**
 * Decides after a crash at `now` of a run that lasted `runMs`, given earlier crash times and
 * the previous pause; returns the decision and the crash times to keep.
 */
export function decideRestart(
  crashTimes: readonly number[],
  previousDelayMs: number,
  runMs: number,
  now: number,
  limits: RestartLimits,
): { decision: RestartDecision; crashTimes: number[] } {
  const recent = [...crashTimes, now].filter((t) => now - t < limits.crashWindowMs);
  if (recent.length >= limits.crashLimit) return { decision: { action: "brake", crashes: recent.length }, crashTimes: recent };
  const delayMs = runMs >= limits.stableRunMs || previousDelayMs <= 0 ? limits.backoffStartMs : Math.min(previousDelayMs * 2, limits.backoffMaxMs);
  return { decision: { action: "restart", delayMs }, crashTimes: recent };
}
