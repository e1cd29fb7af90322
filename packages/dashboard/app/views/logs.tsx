// Logs: the gateway's log file through `logs.tail`, followed by cursor, filtered by level.
import type { GatewayClient } from "@clawd/gateway-client";
import { useEffect, useRef, useState } from "preact/hooks";
import { filterByLevel, LOG_LEVELS, LOG_VIEW_MAX_LINES, type LogLevel, type LogLine, parseLogLine } from "../log-lines.js";

/** How often the followed log is polled, in ms. */
export const LOGS_POLL_MS = 1000;
/** Lines asked for on the first read. */
export const LOGS_INITIAL_LIMIT = 200;

interface TailResult {
  file?: string;
  cursor?: number;
  lines?: string[];
  reset?: boolean;
}

/** Tails the log while "follow" is on; the level filter hides lines below it. */
export function Logs(props: { client: GatewayClient }) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [file, setFile] = useState("");
  const [error, setError] = useState<string>();
  const [follow, setFollow] = useState(true);
  const [level, setLevel] = useState<LogLevel | "all">("all");
  const cursor = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!follow) return;
    let live = true;
    const read = async (): Promise<void> => {
      try {
        const params = cursor.current === undefined ? { limit: LOGS_INITIAL_LIMIT } : { cursor: cursor.current };
        const res = await props.client.request<TailResult>("logs.tail", params);
        if (!live) return;
        setError(undefined);
        if (res.file) setFile(res.file);
        cursor.current = res.cursor;
        const parsed = (res.lines ?? []).filter((l) => l.trim()).map(parseLogLine);
        setLines((prev) => {
          const next = res.reset ? parsed : [...prev, ...parsed];
          return next.length > LOG_VIEW_MAX_LINES ? next.slice(-LOG_VIEW_MAX_LINES) : next;
        });
      } catch (e) {
        if (live) setError((e as Error).message);
      }
    };
    void read();
    const timer = setInterval(() => void read(), LOGS_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [props.client, follow]);
  const shown = filterByLevel(lines, level);
  return (
    <section data-view="logs">
      <h2>Logs</h2>
      <div class="toolbar">
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow((e.currentTarget as HTMLInputElement).checked)} /> follow
        </label>
        <select value={level} aria-label="minimum level" onChange={(e) => setLevel((e.currentTarget as HTMLSelectElement).value as LogLevel | "all")}>
          <option value="all">all levels</option>
          {LOG_LEVELS.map((l) => (
            <option key={l} value={l}>
              {l} and above
            </option>
          ))}
        </select>
        <span class="hint">{file}</span>
      </div>
      {error ? <p class="error">logs.tail: {error}</p> : null}
      <ol class="log">
        {shown.map((l, i) => (
          <li key={i} data-level={l.level ?? ""}>
            <time>{l.time}</time> <b class={`lvl-${l.level ?? "none"}`}>{l.level ?? ""}</b> <i>{l.subsystem}</i> <span>{l.message}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
