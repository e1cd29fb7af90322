// Waiting one's turn at the failed-auth throttle (see auth-limiter.ts), with the log line
// and the counters that go with each decision. Kept out of session.ts so that the session
// reads as the handshake's steps.
import type { AuthFailureLimiter, AuthSource } from "./auth-limiter.js";
import type { AuthLog, AuthLogEvent } from "./auth-log.js";
import { type HandshakeRejection, rejectWith } from "./handshake.js";

/** Who is trying, as logged (the event name and reason are filled in here). */
export type AuthAttempt = Omit<AuthLogEvent, "event" | "reason" | "waitMs">;

/** The turn's outcome: check the secret now, the client left while waiting, or refuse it. */
export type AuthTurn = { kind: "check" } | { kind: "gone" } | { kind: "refused"; rejection: HandshakeRejection };

/**
 * Admits an attempt through the throttle: waits its delay (logged) or refuses it (logged,
 * with retryAfterMs). `source` is whose count it goes to (auth-limiter.ts); `gone()` says
 * whether the socket closed during the wait.
 */
export async function takeAuthTurn(
  limiter: AuthFailureLimiter,
  log: AuthLog,
  counters: { authRateLimited: number; authDelayed: number },
  attempt: AuthAttempt,
  source: AuthSource,
  requestId: string,
  gone: () => boolean,
): Promise<AuthTurn> {
  const admission = limiter.admit(attempt.ip, source);
  const reason = `${admission.failures}_recent_failures`;
  if (!admission.ok) {
    counters.authRateLimited += 1;
    const { retryAfterMs } = admission;
    log.write({ ...attempt, event: "auth_refused", reason, waitMs: retryAfterMs });
    const message = `unauthorized: too many failed auth attempts; retry in ${Math.ceil(retryAfterMs / 1000)}s`;
    return {
      kind: "refused",
      rejection: rejectWith(requestId, message, { retryable: true, retryAfterMs }, 1008, "unauthorized: too many failed auth attempts"),
    };
  }
  if (admission.waitMs > 0) {
    counters.authDelayed += 1;
    log.write({ ...attempt, event: "auth_delayed", reason, waitMs: admission.waitMs });
    await new Promise((resolve) => setTimeout(resolve, admission.waitMs));
    if (gone()) {
      limiter.release(attempt.ip, source);
      return { kind: "gone" };
    }
  }
  return { kind: "check" };
}
