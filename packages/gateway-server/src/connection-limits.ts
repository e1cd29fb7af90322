// Caps on sockets. The total is checked before the upgrade is answered (503). Sockets still
// in their handshake are capped per source by evicting that source's oldest one (1013), not
// by refusing the newest: every local process shares 127.0.0.1, so refusing would let a
// local flood of silent sockets lock the owner's CLI out (the lesson of the auth limiter),
// while evicting keeps the count bounded and lets a client that handshakes promptly in.
import type { UpgradeRefusal } from "./upgrade-validation.js";

/** Open sockets in total, and each source's sockets still in their handshake (oldest first). */
export interface ConnectionLimits<T> {
  /** A 503 refusal when one more socket would pass maxConnections; null to accept it. */
  check(): UpgradeRefusal | null;
  /** A socket from `source` opened and is pending; returns that source's oldest pending one to evict, if over the cap. */
  opened(source: string, item: T): T | undefined;
  /** The item's handshake is over (hello-ok sent, refused, or closed). Unknown items are ignored. */
  settled(source: string, item: T): void;
  /** A socket closed. */
  closed(): void;
  readonly open: number;
  pending(source: string): number;
}

/** Creates the caps: `maxConnections` sockets in total, `maxPendingPerSource` handshakes per source. */
export function createConnectionLimits<T>(maxConnections: number, maxPendingPerSource: number): ConnectionLimits<T> {
  const pending = new Map<string, Set<T>>();
  let open = 0;
  return {
    check() {
      if (open >= maxConnections)
        return { status: 503, limit: "maxConnections", message: `the gateway has ${open} connections, its limit (maxConnections); retry later` };
      return null;
    },
    opened(source, item) {
      open += 1;
      let set = pending.get(source);
      if (!set) pending.set(source, (set = new Set()));
      set.add(item);
      if (set.size <= maxPendingPerSource) return undefined;
      // A Set iterates in insertion order: the first entry is the oldest pending handshake.
      const oldest = set.values().next().value as T;
      set.delete(oldest);
      return oldest;
    },
    settled(source, item) {
      const set = pending.get(source);
      if (!set?.delete(item)) return;
      if (set.size === 0) pending.delete(source);
    },
    closed() {
      open = Math.max(0, open - 1);
    },
    get open() {
      return open;
    },
    pending: (source) => pending.get(source)?.size ?? 0,
  };
}
