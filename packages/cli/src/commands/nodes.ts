import { commandHint } from "../command-hint.js";
// `clawd nodes list|describe|invoke`: the gateway's device nodes, as a paired device.
import { UsageError } from "../cli-error.js";
import type { CommandRun } from "../context.js";
import { parseTimeoutMs, readString } from "../gateway/flags.js";
import { type ListedNode, resolveNodeQuery } from "../rpc/node-query.js";
import { runRpc } from "../rpc/rpc.js";
import { renderTable } from "../output/text-table.js";
import { formatAge } from "./devices.js";
import { parseParams } from "./gateway-call.js";

interface NodeEntry extends ListedNode {
  platform?: string;
  version?: string;
  commands?: string[];
  caps?: string[];
  paired?: boolean;
  connectedAtMs?: number;
  pathEnv?: string;
}

/** How long `nodes invoke` gives the node by default (the gateway's own default is 30 s). */
export const NODES_INVOKE_TIMEOUT_MS = 30_000;

const status = (n: NodeEntry): string =>
  `${n.paired ? "paired" : "unpaired"} · ${n.connected ? `connected${n.connectedAtMs ? ` (${formatAge(n.connectedAtMs)})` : ""}` : "offline"}`;

/** `clawd nodes list`. */
export const list: CommandRun = async (ctx, _args, options) => {
  const { setup, out, result } = await runRpc(ctx, options, "node.list", {}, "Listing nodes failed", { asDevice: true });
  if (setup.json) {
    out.raw(JSON.stringify(result));
    return 0;
  }
  const nodes = (result as { nodes: NodeEntry[] }).nodes;
  if (nodes.length === 0) {
    out.raw(`No nodes. A node host pairs on its first connect: see ${commandHint(ctx.profile, "devices list")}.`);
    return 0;
  }
  out.raw(
    renderTable(
      ["node", "name", "ip", "platform", "status", "commands"],
      nodes.map((n) => [
        n.nodeId,
        n.displayName ?? "",
        n.remoteIp ?? "",
        `${n.platform ?? ""}${n.version ? ` ${n.version}` : ""}`,
        status(n),
        (n.commands ?? []).join(","),
      ]),
    ),
  );
  return 0;
};

async function findNode(ctx: Parameters<CommandRun>[0], options: Record<string, unknown>, query: string | undefined, verb: string): Promise<NodeEntry> {
  if (!query?.trim())
    throw new UsageError([`clawd nodes ${verb} needs a node (id, id prefix, name or IP).`, `See nodes with: ${commandHint(ctx.profile, "nodes list")}`]);
  const { result } = await runRpc(ctx, { ...options, json: true }, "node.list", {}, "Listing nodes failed", { asDevice: true });
  return resolveNodeQuery((result as { nodes: NodeEntry[] }).nodes, query, ctx.profile);
}

/** `clawd nodes describe <node>`. */
export const describe: CommandRun = async (ctx, args, options) => {
  const node = await findNode(ctx, options, args[0], "describe");
  const { setup, out, result } = await runRpc(ctx, options, "node.describe", { nodeId: node.nodeId }, `Describing ${node.nodeId} failed`, { asDevice: true });
  if (setup.json) {
    out.raw(JSON.stringify(result));
    return 0;
  }
  const n = result as NodeEntry;
  const rows: [string, string][] = [
    ["node", n.nodeId],
    ["name", n.displayName ?? ""],
    ["status", status(n)],
    ["platform", `${n.platform ?? ""} ${n.version ?? ""}`.trim()],
    ["ip", n.remoteIp ?? ""],
    ["caps", (n.caps ?? []).join(", ")],
    ["commands", (n.commands ?? []).join(", ")],
    ["PATH", n.pathEnv ?? ""],
  ];
  out.raw(rows.map(([k, v]) => `${k.padEnd(9)}${v}`).join("\n"));
  return 0;
};

/** `clawd nodes invoke <node> <command> [--params json]`: runs one command on the node and prints its payload. */
export const invoke: CommandRun = async (ctx, args, options) => {
  const command = args[1]?.trim();
  if (!command)
    throw new UsageError([
      "clawd nodes invoke needs a node and a command.",
      `Example: ${commandHint(ctx.profile, `nodes invoke my-node system.which --params '{"bins":["sh"]}'`)}`,
    ]);
  const params = parseParams(readString(options, "params", "--params"));
  const rawTimeout = readString(options, "invokeTimeout", "--invoke-timeout");
  const invokeTimeoutMs = rawTimeout === undefined ? NODES_INVOKE_TIMEOUT_MS : parseTimeoutMs(rawTimeout, "--invoke-timeout");
  const idempotencyKey = readString(options, "idempotencyKey", "--idempotency-key") ?? globalThis.crypto.randomUUID();
  const node = await findNode(ctx, options, args[0], "invoke");
  // The request must outlive the node's own timeout, so the RPC gets a little more time.
  const rpcOptions = { ...options, timeout: String(Math.max(invokeTimeoutMs + 5_000, Number(readString(options, "timeout", "--timeout") ?? 0))) };
  const { setup, out, result } = await runRpc(
    ctx,
    rpcOptions,
    "node.invoke",
    { nodeId: node.nodeId, command, params, timeoutMs: invokeTimeoutMs, idempotencyKey },
    `Invoking ${command} on ${node.displayName ?? node.nodeId} failed`,
    { asDevice: true },
  );
  const payload = (result as { payload?: unknown }).payload;
  out.raw(setup.json ? JSON.stringify(result) : JSON.stringify(payload ?? null, null, 2));
  return 0;
};
