// Nodes: device nodes from `node.list` ({ts, nodes}), shown when the gateway serves it.
import type { GatewayClient } from "@clawd/gateway-client";
import { usePolled } from "../live-data.js";

/** How often the node list refreshes, in ms. */
export const NODES_POLL_MS = 3000;

type Node = Record<string, unknown>;

const COLUMNS = ["nodeId", "displayName", "platform", "version", "deviceFamily", "remoteIp", "caps", "connected", "paired"] as const;

function show(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "boolean") return value ? "yes" : "no";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Node ids are 64-hex key hashes: show a prefix (the CLI accepts one), the full id on hover. */
export const NODE_ID_SHOWN_CHARS = 12;

function cell(node: Node, key: (typeof COLUMNS)[number]) {
  const text = show(node[key]);
  if (key !== "nodeId" || text.length <= NODE_ID_SHOWN_CHARS) return text;
  return <code title={text}>{text.slice(0, NODE_ID_SHOWN_CHARS)}…</code>;
}

/** Every paired or connected node, connected ones first (the gateway's order). */
export function Nodes(props: { client: GatewayClient }) {
  const polled = usePolled<{ nodes?: Node[] }>(props.client, "node.list", {}, NODES_POLL_MS);
  const nodes = Array.isArray(polled.data?.nodes) ? polled.data.nodes : [];
  return (
    <section data-view="nodes">
      <h2>
        Nodes <span class="count">{nodes.length}</span>
      </h2>
      {polled.error ? <p class="error">node.list: {polled.error}</p> : null}
      {nodes.length === 0 ? (
        <p class="hint">No nodes are paired with or connected to this gateway.</p>
      ) : (
        <table>
          <thead>
            <tr>
              {COLUMNS.map((k) => (
                <th key={k}>{k}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {nodes.map((n, i) => (
              <tr key={show(n.nodeId ?? i)} data-node={show(n.nodeId)}>
                {COLUMNS.map((k) => (
                  <td key={k}>{cell(n, k)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
