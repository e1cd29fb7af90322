import { commandHint } from "../command-hint.js";
// Finds the node a user means: its id, a unique id prefix, its display name or its IP.
import { UsageError } from "../cli-error.js";

/** Shortest id prefix accepted (shorter ones match too much). */
export const MIN_NODE_ID_PREFIX_CHARS = 6;

export interface ListedNode {
  nodeId: string;
  displayName?: string;
  remoteIp?: string;
  connected?: boolean;
}

/** The node `query` names among `nodes`; a usage error lists the candidates when none or several match. */
export function resolveNodeQuery<T extends ListedNode>(nodes: readonly T[], query: string, profile: string | undefined): T {
  const q = query.trim().toLowerCase();
  const exact = nodes.filter((n) => n.nodeId.toLowerCase() === q || n.displayName?.toLowerCase() === q || n.remoteIp === q);
  const matches = exact.length > 0 ? exact : q.length >= MIN_NODE_ID_PREFIX_CHARS ? nodes.filter((n) => n.nodeId.toLowerCase().startsWith(q)) : [];
  const describe = (n: T) => `  ${n.nodeId}  ${n.displayName ?? ""}${n.connected ? "" : " (offline)"}`;
  if (matches.length === 1) return matches[0] as T;
  if (matches.length === 0) {
    throw new UsageError([
      `No node matches "${query}".`,
      ...(nodes.length > 0 ? ["Known nodes:", ...nodes.map(describe)] : [`No nodes are paired or connected. See: ${commandHint(profile, "devices list")}`]),
    ]);
  }
  throw new UsageError([`"${query}" matches ${matches.length} nodes; use the node id:`, ...matches.map(describe)]);
}
