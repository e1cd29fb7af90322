// Events: the live event stream, newest first, with a filter and pause.
import { useEffect, useRef, useState } from "preact/hooks";
import { type FeedEntry, filterFeed, pushEntry, toFeedEntry } from "../event-feed.js";
import type { GatewayLink } from "../gateway-link.js";

/** Every event the connection receives; while paused, new ones are counted, not shown. */
export function Events(props: { link: GatewayLink }) {
  const [feed, setFeed] = useState<FeedEntry[]>([]);
  const [filter, setFilter] = useState("");
  const [paused, setPaused] = useState(false);
  const [missed, setMissed] = useState(0);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  useEffect(
    () =>
      props.link.onEvent((event, payload, seq) => {
        if (pausedRef.current) setMissed((n) => n + 1);
        else setFeed((f) => pushEntry(f, toFeedEntry(event, payload, seq, Date.now())));
      }),
    [props.link],
  );
  const shown = filterFeed(feed, filter);
  return (
    <section data-view="events">
      <h2>Events</h2>
      <div class="toolbar">
        <input
          type="search"
          placeholder="filter by event or payload"
          value={filter}
          aria-label="filter events"
          onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)}
        />
        <button
          type="button"
          onClick={() => {
            setPaused(!paused);
            if (paused) setMissed(0);
          }}
        >
          {paused ? "Resume" : "Pause"}
        </button>
        <button type="button" onClick={() => setFeed([])}>
          Clear
        </button>
        {paused ? (
          <span class="hint" data-testid="missed">
            {missed} new while paused
          </span>
        ) : null}
      </div>
      <ol class="feed">
        {shown.map((e) => (
          <li key={`${e.seq ?? "x"}-${e.at}-${e.event}`} data-event={e.event}>
            <time>{new Date(e.at).toLocaleTimeString()}</time> <b>{e.event}</b> <span class="seq">{e.seq !== undefined ? `#${e.seq}` : ""}</span>
            <code>{e.text}</code>
          </li>
        ))}
      </ol>
    </section>
  );
}
