// Plugins: what `plugins.list` reports (name, version, module, methods with scopes, events).
import type { GatewayClient } from "@clawd/gateway-client";
import { usePolled } from "../live-data.js";

interface Plugin {
  name?: string;
  version?: string;
  module?: string;
  methods?: { name?: string; scope?: string }[];
  events?: string[];
}

/** The gateway's loaded plugins, read once per visit to the tab. */
export function Plugins(props: { client: GatewayClient }) {
  const polled = usePolled<Plugin[]>(props.client, "plugins.list", undefined, 0);
  const plugins = Array.isArray(polled.data) ? polled.data : [];
  return (
    <section data-view="plugins">
      <h2>
        Plugins <span class="count">{plugins.length}</span>
      </h2>
      {polled.error ? <p class="error">plugins.list: {polled.error}</p> : null}
      <table>
        <thead>
          <tr>
            <th>plugin</th>
            <th>version</th>
            <th>module</th>
            <th>methods</th>
            <th>events</th>
          </tr>
        </thead>
        <tbody>
          {plugins.map((p) => (
            <tr key={p.name} data-plugin={p.name}>
              <td>{p.name}</td>
              <td>{p.version ?? ""}</td>
              <td class="wrap">
                <code>{p.module}</code>
              </td>
              <td>
                {(p.methods ?? []).map((m) => (
                  <div key={m.name}>
                    <code>{m.name}</code> <span class={`scope scope-${m.scope}`}>{m.scope}</span>
                  </div>
                ))}
              </td>
              <td>{(p.events ?? []).join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
