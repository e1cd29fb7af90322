// Connection ids. Upstream sent a random UUID per connection; clients only echo and compare it.
// Ours keep that shape and are unique within a gateway run: a random prefix drawn once per
// server, then the connection's serial number in the last 12 hex digits. A session stores the
// serial (a small integer) and formats the id when it is needed, instead of holding a
// 36-character string for as long as it is connected.
import { randomUUID } from "node:crypto";

/** Formats connection `serial` (0 ≤ serial < 2^48) as a UUID-shaped id. */
export type ConnIdFormatter = (serial: number) => string;

/** The 24-character prefix is `xxxxxxxx-xxxx-4xxx-yxxx-` of a random v4 UUID. */
export function createConnIdFormatter(prefix: string = randomUUID().slice(0, 24)): ConnIdFormatter {
  return (serial) => prefix + serial.toString(16).padStart(12, "0");
}
