// Nodes: device nodes from `node.list`, shown when the gateway serves it.
import type { GatewayClient } from "@clawd/gateway-client";
import { usePolled } from "../live-data.js";

/** How often the node list refreshes, in ms. */
export const NODES_POLL_MS = 3000;

type Node = Record<string, unknown>;

function show(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Every node with its id, name, platform and connection state, whatever else it reports. */
export function Nodes(props: { client: GatewayClient }) {
  const polled = usePolled<{ nodes?: Node[] } | Node[]>(props.client, "node.list", {}, NODES_POLL_MS);
  const nodes = Array.isArray(polled.data) ? polled.data : polled.data?.nodes ?? [];
  const keys = [...new Set(nodes.flatMap((n) => Object.keys(n)))].slice(0, 8);
  return (
    <section data-view="nodes">
      <h2>Nodes <span class="count">{nodes.length}</span></h2>
      {polled.error ? <p class="error">node.list: {polled.error}</p> : null}
      {nodes.length === 0 ? <p class="hint">No nodes are paired with this gateway.</p> : (
        <table>
          <thead><tr>{keys.map((k) => <th key={k}>{k}</th>)}</tr></thead>
          <tbody>{nodes.map((n, i) => <tr key={show(n.nodeId ?? n.id ?? i)}>{keys.map((k) => <td key={k}>{show(n[k])}</td>)}</tr>)}</tbody>
        </table>
      )}
    </section>
  );
}
