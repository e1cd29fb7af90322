// Instances: the gateway's presence list (the gateway itself and every connected client).
import { useEffect, useState } from "preact/hooks";
import type { GatewayLink } from "../gateway-link.js";

type Entry = Record<string, unknown>;

/** The link's presence list, re-rendering on each `presence` event and (re)connect. */
export function usePresence(link: GatewayLink): Entry[] {
  const [entries, setEntries] = useState<Entry[]>(link.presence());
  useEffect(() => {
    setEntries(link.presence());
    const offState = link.subscribe(() => setEntries(link.presence()));
    const offEvent = link.onEvent((event) => {
      if (event === "presence") setEntries(link.presence());
    });
    return () => {
      offState();
      offEvent();
    };
  }, [link]);
  return entries;
}

const COLUMNS = ["host", "mode", "platform", "version", "ip", "deviceFamily", "reason", "ts"] as const;

function cell(entry: Entry, key: (typeof COLUMNS)[number]): string {
  const value = entry[key];
  if (key === "ts" && typeof value === "number") return new Date(value).toLocaleTimeString();
  return value === undefined || value === null ? "" : String(value);
}

/** The presence table: the gateway itself first, then clients and system events. */
export function Instances(props: { entries: Entry[] }) {
  const { entries } = props;
  return (
    <section data-view="instances">
      <h2>
        Instances <span class="count">{entries.length}</span>
      </h2>
      <table>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c}>{c}</th>
            ))}
            <th>text</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e, i) => (
            <tr key={String(e.instanceId ?? e.host ?? i)} data-reason={String(e.reason ?? "")}>
              {COLUMNS.map((c) => (
                <td key={c}>{cell(e, c)}</td>
              ))}
              <td class="wrap">{String(e.text ?? "")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
