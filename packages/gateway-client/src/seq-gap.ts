/** A hole in the event sequence: `received` arrived when `expected` was next. */
export interface SeqGap {
  expected: number;
  received: number;
}

/** Result of feeding one event `seq` to the tracker. */
export interface SeqStep {
  /** The last seq seen after this event. */
  lastSeq: number | null;
  /** Set when events between the previous seq and this one never arrived. */
  gap?: SeqGap;
}

/**
 * Pure gap detection over the server's global event counter: a gap is `seq > lastSeq + 1`.
 * Events without a seq (challenge, node-directed) leave the state alone; a seq at or below
 * the last one (a restarted server) restarts tracking without reporting a gap.
 */
export function trackSeq(lastSeq: number | null, seq: number | undefined): SeqStep {
  if (seq === undefined) return { lastSeq };
  if (lastSeq !== null && seq > lastSeq + 1) {
    return { lastSeq: seq, gap: { expected: lastSeq + 1, received: seq } };
  }
  return { lastSeq: seq };
}
