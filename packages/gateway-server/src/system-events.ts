// System events: short human-readable lines queued per session for its next agent turn (the
// original's infra/system-events.js). The gateway runs no agent: it queues what `wake` and the
// nodes' exec.* events say, shows the queues in `status`, and lets the application (an AI
// plugin) peek at or drain a session's queue when it prompts that session. In memory only, as
// the original: a restart starts empty.

/** One queued line. */
export interface SystemEvent {
  text: string;
  ts: number;
}

export interface EnqueueOptions {
  sessionKey: string;
  /** What the line is about (`exec:<runId>`); the last one is kept per session, lowercased. */
  contextKey?: string | undefined;
}

export interface SystemEventQueue {
  /** Queues `text` (trimmed; empty is ignored) unless it equals the session's previous line; returns whether it was queued. */
  enqueue(text: string, options: EnqueueOptions): boolean;
  /** The session's queued lines, oldest first, without removing them. */
  peek(sessionKey: string): SystemEvent[];
  /** Removes and returns the session's queued lines (what an agent does when it prompts). */
  drain(sessionKey: string): SystemEvent[];
  /** The context key of the session's last queued line, or null. */
  lastContextKey(sessionKey: string): string | null;
  /** Every session with queued lines, the one queued into least recently first. */
  sessions(): Array<{ sessionKey: string; events: SystemEvent[] }>;
}

interface SessionQueue {
  events: SystemEvent[];
  lastText: string | null;
  lastContextKey: string | null;
}

function requireKey(sessionKey: unknown): string {
  const key = typeof sessionKey === "string" ? sessionKey.trim() : "";
  if (!key) throw new TypeError("system events need a non-empty sessionKey");
  return key;
}

/**
 * Creates the queues: at most `maxPerSession` lines per session (the oldest dropped first) and
 * at most `maxSessions` sessions (the session queued into least recently is dropped first).
 */
export function createSystemEventQueue(options: { maxPerSession: number; maxSessions: number; now?: () => number }): SystemEventQueue {
  const { maxPerSession, maxSessions } = options;
  const now = options.now ?? Date.now;
  const queues = new Map<string, SessionQueue>();
  const copy = (events: SystemEvent[]) => events.map((e) => ({ ...e }));
  return {
    enqueue(text, { sessionKey, contextKey }) {
      const key = requireKey(sessionKey);
      const cleaned = typeof text === "string" ? text.trim() : "";
      if (!cleaned) return false;
      let entry = queues.get(key);
      if (entry) {
        // Most recently used last, so the least recently used is dropped first.
        queues.delete(key);
        queues.set(key, entry);
      } else {
        entry = { events: [], lastText: null, lastContextKey: null };
        queues.set(key, entry);
        if (queues.size > maxSessions) queues.delete(queues.keys().next().value as string);
      }
      entry.lastContextKey = contextKey?.trim() ? contextKey.trim().toLowerCase() : null;
      if (entry.lastText === cleaned) return false;
      entry.lastText = cleaned;
      entry.events.push({ text: cleaned, ts: now() });
      if (entry.events.length > maxPerSession) entry.events.splice(0, entry.events.length - maxPerSession);
      return true;
    },
    peek: (sessionKey) => copy(queues.get(requireKey(sessionKey))?.events ?? []),
    drain(sessionKey) {
      const key = requireKey(sessionKey);
      const entry = queues.get(key);
      queues.delete(key);
      return entry?.events ?? [];
    },
    lastContextKey: (sessionKey) => queues.get(requireKey(sessionKey))?.lastContextKey ?? null,
    sessions: () => [...queues].filter(([, q]) => q.events.length > 0).map(([sessionKey, q]) => ({ sessionKey, events: copy(q.events) })),
  };
}
