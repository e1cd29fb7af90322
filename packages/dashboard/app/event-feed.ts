// The event stream view's model: a bounded list of recent events, a text filter, pause.

/** Events kept in memory for the stream view. */
export const EVENT_FEED_MAX_ENTRIES = 500;

export interface FeedEntry {
  seq: number | undefined;
  event: string;
  at: number;
  /** The payload as JSON, truncated for display. */
  text: string;
}

/** Longest payload text shown per event, in characters. */
export const EVENT_TEXT_MAX_CHARS = 400;

/** Makes a feed entry from an event frame (pure). */
export function toFeedEntry(event: string, payload: unknown, seq: number | undefined, at: number): FeedEntry {
  let text: string;
  try {
    text = JSON.stringify(payload) ?? "";
  } catch {
    text = String(payload);
  }
  if (text.length > EVENT_TEXT_MAX_CHARS) text = `${text.slice(0, EVENT_TEXT_MAX_CHARS)}…`;
  return { seq, event, at, text };
}

/** Adds an entry at the front, dropping the oldest beyond `max` (pure). */
export function pushEntry(feed: readonly FeedEntry[], entry: FeedEntry, max: number = EVENT_FEED_MAX_ENTRIES): FeedEntry[] {
  const next = [entry, ...feed];
  return next.length > max ? next.slice(0, max) : next;
}

/** Entries whose event name or payload contains `filter` (case-insensitive); "" keeps all (pure). */
export function filterFeed(feed: readonly FeedEntry[], filter: string): readonly FeedEntry[] {
  const needle = filter.trim().toLowerCase();
  if (!needle) return feed;
  return feed.filter((e) => e.event.toLowerCase().includes(needle) || e.text.toLowerCase().includes(needle));
}
