// Caps on sockets, checked before the upgrade is answered: a flood of sockets that never
// handshake was accepted without limit until each one's handshake timeout.
import type { UpgradeRefusal } from "./upgrade-validation.js";

/** Open sockets and sockets still in their handshake, per source. */
export interface ConnectionLimits {
  /** A 503 refusal when one more socket from `source` would pass a cap; null to accept it. */
  check(source: string): UpgradeRefusal | null;
  /** A socket from `source` opened: it is pending until `settled`. */
  opened(source: string): void;
  /** The socket's handshake is over (hello-ok sent, refused, or closed). Idempotent per socket via the caller. */
  settled(source: string): void;
  /** A socket closed. */
  closed(): void;
  readonly open: number;
  pending(source: string): number;
}

/** Creates the counters for `maxConnections` in total and `maxPendingPerSource` handshakes per source. */
export function createConnectionLimits(maxConnections: number, maxPendingPerSource: number): ConnectionLimits {
  const pending = new Map<string, number>();
  let open = 0;
  return {
    check(source) {
      if (open >= maxConnections) return { status: 503, limit: "maxConnections", message: `the gateway has ${open} connections, its limit (maxConnections); retry later` };
      const waiting = pending.get(source) ?? 0;
      if (waiting >= maxPendingPerSource) {
        return { status: 503, limit: "maxPendingHandshakesPerSource", message: `${waiting} connections from ${source} are still in their handshake, the limit (maxPendingHandshakesPerSource); retry later` };
      }
      return null;
    },
    opened(source) {
      open += 1;
      pending.set(source, (pending.get(source) ?? 0) + 1);
    },
    settled(source) {
      const n = (pending.get(source) ?? 0) - 1;
      if (n > 0) pending.set(source, n);
      else pending.delete(source);
    },
    closed() {
      open = Math.max(0, open - 1);
    },
    get open() {
      return open;
    },
    pending: (source) => pending.get(source) ?? 0,
  };
}
