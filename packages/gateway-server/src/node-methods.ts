// node.list/describe/rename/invoke/invoke.result/event (original gateway/server-methods/nodes.js):
// paired nodes (device store, role node) merged with connected ones; invokes routed by the registry.
import * as v from "valibot";
import type { PairedDevice } from "./device-pairing.js";
import type { DeviceStore } from "./device-store.js";
import { GatewayMethodError } from "./frames.js";
import type { MethodContext, MethodRegistry } from "./method-registry.js";
import { NonEmptyString, parseMethodParams } from "./method-params.js";
import type { ConnectedNode, NodeRegistry } from "./node-registry.js";

const InvokeParams = v.strictObject({
  nodeId: NonEmptyString,
  command: NonEmptyString,
  params: v.optional(v.unknown()),
  timeoutMs: v.optional(v.pipe(v.number(), v.integer("must be an integer"), v.minValue(0, "must be ≥ 0"))),
  idempotencyKey: NonEmptyString,
});
const ErrorParams = v.strictObject({ code: v.optional(v.string()), message: v.optional(v.string()) });
const ResultParams = v.strictObject({
  id: NonEmptyString,
  nodeId: NonEmptyString,
  ok: v.boolean(),
  payload: v.optional(v.unknown()),
  payloadJSON: v.optional(v.string()),
  error: v.optional(ErrorParams),
});
const EventParams = v.strictObject({ event: NonEmptyString, payload: v.optional(v.unknown()), payloadJSON: v.optional(v.nullable(v.string())) });

export interface NodeMethodDeps {
  store: DeviceStore;
  nodes: NodeRegistry;
  /** Whether a node of this platform may run the command (allowlist). */
  commandAllowed(node: ConnectedNode, command: string): boolean;
  /** A node's `node.event` (exec.finished, exec.denied, …). */
  onNodeEvent(nodeId: string, event: string, payloadJSON: string | null): void;
}

const isNode = (device: PairedDevice): boolean => device.role === "node" || (device.roles ?? []).includes("node");
const sortedUnique = (items: readonly string[]): string[] => [...new Set(items)].sort();

/** One node as node.list and node.describe show it: live fields win over paired ones. */
function describeNode(nodeId: string, paired: PairedDevice | undefined, live: ConnectedNode | undefined): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    nodeId,
    displayName: live?.displayName ?? paired?.displayName,
    platform: live?.platform ?? paired?.platform,
    version: live?.version,
    deviceFamily: live?.deviceFamily,
    modelIdentifier: live?.modelIdentifier,
    remoteIp: live?.remoteIp ?? paired?.remoteIp,
    caps: sortedUnique(live?.caps ?? []),
    commands: sortedUnique(live?.commands ?? []),
    pathEnv: live?.pathEnv,
    permissions: live?.permissions,
    connectedAtMs: live?.connectedAtMs,
    paired: Boolean(paired),
    connected: Boolean(live),
  };
  for (const key of Object.keys(entry)) if (entry[key] === undefined) delete entry[key];
  return entry;
}

function normalizeResult(params: unknown): unknown {
  if (!params || typeof params !== "object") return params;
  const out = { ...(params as Record<string, unknown>) };
  if (out.payloadJSON === null) delete out.payloadJSON;
  else if (out.payloadJSON !== undefined && typeof out.payloadJSON !== "string") {
    if (out.payload === undefined) out.payload = out.payloadJSON;
    delete out.payloadJSON;
  }
  if (out.error === null) delete out.error;
  return out;
}

const callerNodeId = (ctx: MethodContext): string => ctx.deviceId ?? ctx.client.id;

/** Registers the node methods with the original's scopes (read, write, pairing, node role). */
export function registerNodeMethods(registry: MethodRegistry, deps: NodeMethodDeps): void {
  const { store, nodes } = deps;
  const pairedNodes = () => store.read((state) => Object.values(state.pairedById).filter(isNode));

  registry.register(
    "node.list",
    async (params) => {
      parseMethodParams("node.list", v.strictObject({}), params);
      const paired = new Map((await pairedNodes()).map((d) => [d.deviceId, d]));
      const live = new Map(nodes.list().map((n) => [n.nodeId, n]));
      const list = [...new Set([...paired.keys(), ...live.keys()])].map((id) => describeNode(id, paired.get(id), live.get(id)));
      list.sort((a, b) => {
        if (a.connected !== b.connected) return a.connected ? -1 : 1;
        const an = String(a.displayName ?? a.nodeId).toLowerCase();
        const bn = String(b.displayName ?? b.nodeId).toLowerCase();
        return an < bn ? -1 : an > bn ? 1 : String(a.nodeId).localeCompare(String(b.nodeId));
      });
      return { ts: Date.now(), nodes: list };
    },
    { scope: "read" },
  );

  registry.register(
    "node.describe",
    async (params) => {
      const id = parseMethodParams("node.describe", v.strictObject({ nodeId: v.string() }), params).nodeId.trim();
      if (!id) throw new GatewayMethodError("INVALID_REQUEST", "nodeId required");
      const paired = (await pairedNodes()).find((d) => d.deviceId === id);
      const live = nodes.get(id);
      if (!paired && !live) throw new GatewayMethodError("INVALID_REQUEST", "unknown nodeId");
      return { ts: Date.now(), ...describeNode(id, paired, live) };
    },
    { scope: "read" },
  );

  registry.register(
    "node.rename",
    async (params) => {
      const { nodeId, displayName } = parseMethodParams("node.rename", v.strictObject({ nodeId: NonEmptyString, displayName: v.string() }), params);
      const name = displayName.trim();
      if (!name) throw new GatewayMethodError("INVALID_REQUEST", "displayName required");
      const renamed = await store.update((state) => {
        const device = state.pairedById[nodeId];
        if (!device || !isNode(device)) return { result: false, changed: false };
        device.displayName = name;
        return { result: true, changed: true };
      });
      const live = nodes.get(nodeId);
      if (live) live.displayName = name;
      if (!renamed && !live) throw new GatewayMethodError("INVALID_REQUEST", "unknown nodeId");
      return { nodeId, displayName: name };
    },
    { scope: "pairing" },
  );

  registry.register(
    "node.invoke",
    async (params) => {
      const p = parseMethodParams("node.invoke", InvokeParams, params);
      const nodeId = p.nodeId.trim();
      const command = p.command.trim();
      const node = nodes.get(nodeId);
      if (!node) throw new GatewayMethodError("UNAVAILABLE", "node not connected", { details: { code: "NOT_CONNECTED" } });
      const reason = !deps.commandAllowed(node, command)
        ? "command not allowlisted"
        : node.commands.length === 0
          ? "node did not declare commands"
          : !node.commands.includes(command)
            ? "command not declared by node"
            : undefined;
      if (reason) throw new GatewayMethodError("INVALID_REQUEST", "node command not allowed", { details: { reason, command } });
      const outcome = await nodes.invoke({ nodeId, command, params: p.params, timeoutMs: p.timeoutMs, idempotencyKey: p.idempotencyKey });
      if (!outcome.ok) throw new GatewayMethodError("UNAVAILABLE", outcome.error.message ?? "node invoke failed", { details: { nodeError: outcome.error } });
      let payload = outcome.payload;
      if (outcome.payloadJSON) {
        try {
          payload = JSON.parse(outcome.payloadJSON);
        } catch {
          payload = null;
        }
      }
      return { ok: true, nodeId, command, payload, payloadJSON: outcome.payloadJSON };
    },
    { scope: "write" },
  );

  registry.register(
    "node.invoke.result",
    (params, ctx) => {
      const p = parseMethodParams("node.invoke.result", ResultParams, normalizeResult(params));
      if (callerNodeId(ctx) !== p.nodeId) throw new GatewayMethodError("INVALID_REQUEST", "nodeId mismatch");
      return nodes.handleResult(p) ? { ok: true } : { ok: true, ignored: true };
    },
    { scope: "node" },
  );

  registry.register(
    "node.event",
    (params, ctx) => {
      const p = parseMethodParams("node.event", EventParams, params);
      const payloadJSON = typeof p.payloadJSON === "string" ? p.payloadJSON : p.payload !== undefined ? JSON.stringify(p.payload) : null;
      deps.onNodeEvent(callerNodeId(ctx), p.event, payloadJSON);
      return { ok: true };
    },
    { scope: "node" },
  );
}
