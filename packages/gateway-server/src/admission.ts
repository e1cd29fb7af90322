// Who may open a socket: the upgrade check and the connection caps, with the counters and
// log lines that go with each refusal, so that server.ts only wires them to the transport.
import type { AuthLog } from "./auth-log.js";
import { createConnectionLimits } from "./connection-limits.js";
import { clientAddress, type ForwardedTrust } from "./forwarded.js";
import type { UpgradeHeaders } from "./transport.js";
import { type UpgradeRefusal, validateUpgrade } from "./upgrade-validation.js";

/** A pending socket as admission sees it: where it came from, and how to close it. */
export interface Admitted {
  readonly source: string;
  close(code: number, reason: string): void;
}

export interface Admission<T extends Admitted> {
  /** The client address for limits and logs (forwarded only from a trusted proxy). */
  sourceOf(remoteAddress: string, headers: UpgradeHeaders): string;
  /** Before the upgrade is answered: a refusal (400/431/503), or null to accept. */
  upgrade(remoteAddress: string, headers: UpgradeHeaders, headBytes: number): UpgradeRefusal | null;
  /** A socket opened: counts it as pending, closing its source's oldest pending one (1013) past the cap. */
  opened(item: T): void;
  /** Its handshake is over; idempotent. */
  settled(item: T): void;
  closed(): void;
}

/** Creates admission for the given limits; refusals bump `counters` and write to `log`. */
export function createAdmission<T extends Admitted>(options: {
  limits: { maxConnections: number; maxPendingHandshakesPerSource: number; maxUpgradeHeaderBytes: number };
  trust: ForwardedTrust;
  log: AuthLog;
  authMode: string;
  counters: { upgradesRefused: number; handshakesEvicted: number };
}): Admission<T> {
  const { limits, trust, log, authMode, counters } = options;
  const caps = createConnectionLimits<T>(limits.maxConnections, limits.maxPendingHandshakesPerSource);
  const refused = (ip: string, reason: string) => log.write({ event: "connection_refused", ip, clientId: "", clientMode: "", authMode, reason });
  return {
    sourceOf: (remoteAddress, headers) => clientAddress(remoteAddress, headers, trust),
    upgrade(remoteAddress, headers, headBytes) {
      const refusal = validateUpgrade(headers, headBytes, limits.maxUpgradeHeaderBytes) ?? caps.check();
      if (!refusal) return null;
      counters.upgradesRefused += 1;
      if (refusal.limit) refused(clientAddress(remoteAddress, headers, trust), refusal.limit);
      return refusal;
    },
    opened(item) {
      const evicted = caps.opened(item.source, item);
      if (!evicted) return;
      counters.handshakesEvicted += 1;
      refused(item.source, "maxPendingHandshakesPerSource");
      evicted.close(1013, "too many pending handshakes from this address; retry");
    },
    settled: (item) => caps.settled(item.source, item),
    closed: () => caps.closed(),
  };
}
