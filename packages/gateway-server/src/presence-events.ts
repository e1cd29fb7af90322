// What `system-event` queues for the main session, as the original's system-event handler
// (gateway/server-methods/system.js): any text is queued as it is, except a node presence line
// (`Node: <host> (<ip>) · app <version> · last input <n>s ago · mode <mode> · reason <reason>`),
// which queues only what changed since that node's previous line — host/ip, app version, mode,
// reason (periodic and heartbeat reasons do not count) — so a beacon every minute does not
// flood the session.
import { MAX_PRESENCE_ENTRIES } from "./limits.js";
import type { SystemEventQueue } from "./system-events.js";

const NODE_LINE = /Node:\s*([^ (]+)\s*\(([^)]+)\)\s*·\s*app\s*([^·]+?)\s*·\s*last input\s*([0-9]+)s ago\s*·\s*mode\s*([^·]+?)\s*·\s*reason\s*(.+)$/i;
const TRACKED = ["host", "ip", "version", "mode", "reason"] as const;
type Tracked = Partial<Record<(typeof TRACKED)[number], string>>;

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const keyOf = (value: unknown): string | undefined => (typeof value === "string" && value.trim() ? value.trim().toLowerCase() : undefined);

/** Queues what one `system-event` says on `sessionKey`; keeps each node's last line to compare the next with. */
export interface PresenceEventLines {
  queue(params: Record<string, unknown>, text: string, sessionKey: string): void;
}

export function createPresenceEventLines(events: SystemEventQueue, maxTracked = MAX_PRESENCE_ENTRIES): PresenceEventLines {
  const last = new Map<string, Tracked>();
  return {
    queue(params, text, sessionKey) {
      if (!text.startsWith("Node:")) {
        events.enqueue(text, { sessionKey });
        return;
      }
      const m = NODE_LINE.exec(text.trim());
      const parsed: Tracked = m ? { host: m[1]!.trim(), ip: m[2]!.trim(), version: m[3]!.trim(), mode: m[5]!.trim(), reason: m[6]!.trim() } : {};
      const key = keyOf(params.deviceId) ?? keyOf(params.instanceId) ?? keyOf(parsed.host) ?? parsed.ip ?? text.trim().slice(0, 64);
      const previous = last.get(key) ?? {};
      const next: Tracked = {};
      for (const field of TRACKED) {
        const value = str(params[field]) ?? parsed[field] ?? previous[field];
        if (value !== undefined) next[field] = value;
      }
      last.delete(key);
      last.set(key, next);
      if (last.size > maxTracked) last.delete(last.keys().next().value as string);
      const changed = new Set(TRACKED.filter((field) => previous[field] !== next[field]));
      const reason = (next.reason ?? "").toLowerCase();
      const reasonCounts = changed.has("reason") && !reason.startsWith("periodic") && reason !== "heartbeat";
      if (!(changed.has("host") || changed.has("ip") || changed.has("version") || changed.has("mode") || reasonCounts)) return;
      const parts: string[] = [];
      if (events.lastContextKey(sessionKey) !== key.toLowerCase() || changed.has("host") || changed.has("ip")) {
        const host = next.host?.trim() || "Unknown";
        const ip = next.ip?.trim();
        parts.push(`Node: ${host}${ip ? ` (${ip})` : ""}`);
      }
      if (changed.has("version")) parts.push(`app ${next.version?.trim() || "unknown"}`);
      if (changed.has("mode")) parts.push(`mode ${next.mode?.trim() || "unknown"}`);
      if (reasonCounts) parts.push(`reason ${next.reason?.trim() || "event"}`);
      if (parts.length > 0) events.enqueue(parts.join(" · "), { sessionKey, contextKey: key });
    },
  };
}
