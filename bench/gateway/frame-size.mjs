// Fan-out frames of a given total size, shaped like the gateway's event frames, so every
// server under test sends the same bytes.

/** Event name of the fan-out benchmark; load clients count frames that contain it. */
export const FANOUT_EVENT = "bench.fanout";
const envelope = (payload, seq) => JSON.stringify({ type: "event", event: FANOUT_EVENT, payload, seq });
const OVERHEAD_BYTES = envelope("", 1_000_000).length;

/** A payload string that makes the whole frame about `size` bytes (seq up to 7 digits). */
export function fanoutPayload(size) {
  return "x".repeat(Math.max(0, size - OVERHEAD_BYTES));
}

/** The complete frame for baselines that send pre-serialized text. */
export function fanoutFrame(size, seq) {
  return envelope(fanoutPayload(size), seq);
}
