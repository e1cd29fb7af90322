// What `device.pair.list` and `node.pair.list` answer: pending newest first, paired newest approval first, secrets taken out.
import type { PairState } from "./device-store.js";

/** Lists a pairing state the way both `*.pair.list` methods do, with `redact` removing each paired entry's tokens. */
export function listPairState<P extends { ts: number }, Q extends { approvedAtMs: number }, R>(
  state: PairState<P, Q>,
  redact: (paired: Q) => R,
): { pending: P[]; paired: R[] } {
  return {
    pending: Object.values(state.pendingById).sort((a, b) => b.ts - a.ts),
    paired: Object.values(state.pairedById)
      .sort((a, b) => b.approvedAtMs - a.approvedAtMs)
      .map(redact),
  };
}
