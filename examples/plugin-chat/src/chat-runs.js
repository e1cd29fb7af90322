// Runs in flight (for chat.abort and duplicate sends) and the answers to finished sends, kept
// for a while so a client retrying with the same idempotencyKey gets the same answer.

/** How long a finished send's answer is replayed for the same idempotencyKey. */
export const DEDUPE_TTL_MS = 5 * 60_000;

/** The run registry of one plugin instance. */
export function createChatRuns({ dedupeTtlMs = DEDUPE_TTL_MS } = {}) {
  const active = new Map(); // runId → { sessionKey, controller, seq }
  const finished = new Map(); // runId → { at, payload }
  const prune = () => {
    const cutoff = Date.now() - dedupeTtlMs;
    for (const [runId, entry] of finished) if (entry.at < cutoff) finished.delete(runId);
  };
  return {
    active,
    start(runId, sessionKey) {
      const run = { runId, sessionKey, controller: new AbortController(), seq: 0, aborted: false };
      active.set(runId, run);
      return run;
    },
    finish(runId, payload) {
      active.delete(runId);
      prune();
      finished.set(runId, { at: Date.now(), payload });
    },
    cached(runId) {
      prune();
      return finished.get(runId)?.payload;
    },
    /** Aborts one run, or every run of a session when `runId` is undefined; returns the aborted ids. */
    abort(sessionKey, runId) {
      const ids = [];
      for (const run of active.values()) {
        if (run.sessionKey !== sessionKey || (runId !== undefined && run.runId !== runId)) continue;
        run.aborted = true;
        run.controller.abort();
        active.delete(run.runId);
        ids.push(run);
      }
      return ids;
    },
    abortAll() {
      for (const run of active.values()) {
        run.aborted = true;
        run.controller.abort();
      }
      active.clear();
    },
  };
}
