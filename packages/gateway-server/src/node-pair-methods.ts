// node.pair.request|list|approve|reject|verify: the original's older node pairing store
// (`<stateDir>/nodes/`, used by its bridge; infra/node-pairing.js). The node host pairs through
// device pairing instead; this store is served so the original's `nodes pending|approve`
// answer as they do against the original.
import * as v from "valibot";
import { safeEqualSecret } from "./auth.js";
import type { PairStore, PairState } from "./device-store.js";
import { GatewayMethodError } from "./frames.js";
import type { MethodRegistry } from "./method-registry.js";
import { NonEmptyString, parseMethodParams } from "./method-params.js";
import { listPairState } from "./pair-listing.js";

const Strings = v.optional(v.array(NonEmptyString));
const Described = {
  displayName: v.optional(NonEmptyString),
  platform: v.optional(NonEmptyString),
  version: v.optional(NonEmptyString),
  coreVersion: v.optional(NonEmptyString),
  uiVersion: v.optional(NonEmptyString),
  deviceFamily: v.optional(NonEmptyString),
  modelIdentifier: v.optional(NonEmptyString),
  caps: Strings,
  commands: Strings,
  remoteIp: v.optional(NonEmptyString),
};
const RequestParams = v.strictObject({ nodeId: NonEmptyString, ...Described, silent: v.optional(v.boolean()) });
type NodeDescription = Omit<v.InferOutput<typeof RequestParams>, "silent">;

export interface NodePairRequest extends NodeDescription {
  requestId: string;
  silent?: boolean;
  isRepair: boolean;
  ts: number;
}
export interface PairedNode extends NodeDescription {
  token: string;
  createdAtMs: number;
  approvedAtMs: number;
}
export type NodePairState = PairState<NodePairRequest, PairedNode>;

export interface NodePairDeps {
  store: PairStore<NodePairState>;
  /** Broadcasts to operators holding operator.admin or operator.pairing. */
  announce(event: "node.pair.requested" | "node.pair.resolved", payload: unknown): void;
}

const RequestIdParams = v.strictObject({ requestId: NonEmptyString });
const withoutToken = ({ token: _token, ...rest }: PairedNode) => rest;

/** Registers the legacy node pairing methods (scope operator.pairing). */
export function registerNodePairMethods(registry: MethodRegistry, deps: NodePairDeps): void {
  const { store } = deps;
  const scope = { scope: "pairing" } as const;
  registry.register(
    "node.pair.request",
    async (params) => {
      const { silent, ...node } = parseMethodParams("node.pair.request", RequestParams, params);
      const result = await store.update((state) => {
        const existing = Object.values(state.pendingById).find((p) => p.nodeId === node.nodeId);
        if (existing) return { result: { status: "pending", request: existing, created: false }, changed: false };
        const request: NodePairRequest = {
          requestId: store.clock.newRequestId(),
          ...node,
          isRepair: Boolean(state.pairedById[node.nodeId]),
          ts: store.clock.now(),
        };
        if (silent !== undefined) request.silent = silent;
        state.pendingById[request.requestId] = request;
        return { result: { status: "pending", request, created: true }, changed: true };
      });
      if (result.created) deps.announce("node.pair.requested", result.request);
      return result;
    },
    scope,
  );
  registry.register(
    "node.pair.list",
    async (params) => {
      parseMethodParams("node.pair.list", v.strictObject({}), params);
      return store.read((state) => listPairState(state, withoutToken));
    },
    scope,
  );
  registry.register(
    "node.pair.approve",
    async (params) => {
      const { requestId } = parseMethodParams("node.pair.approve", RequestIdParams, params);
      const approved = await store.update((state) => {
        const pending = state.pendingById[requestId];
        if (!pending) return { result: null, changed: false };
        const now = store.clock.now();
        const { requestId: _id, silent: _silent, isRepair: _repair, ts: _ts, ...node } = pending;
        const paired: PairedNode = {
          ...node,
          token: store.clock.newToken(),
          createdAtMs: state.pairedById[node.nodeId]?.createdAtMs ?? now,
          approvedAtMs: now,
        };
        delete state.pendingById[requestId];
        state.pairedById[node.nodeId] = paired;
        return { result: { requestId, node: paired }, changed: true };
      });
      if (!approved) throw new GatewayMethodError("INVALID_REQUEST", "unknown requestId");
      deps.announce("node.pair.resolved", { requestId, nodeId: approved.node.nodeId, decision: "approved", ts: store.clock.now() });
      return approved;
    },
    scope,
  );
  registry.register(
    "node.pair.reject",
    async (params) => {
      const { requestId } = parseMethodParams("node.pair.reject", RequestIdParams, params);
      const rejected = await store.update((state) => {
        const pending = state.pendingById[requestId];
        if (!pending) return { result: null, changed: false };
        delete state.pendingById[requestId];
        return { result: { requestId, nodeId: pending.nodeId }, changed: true };
      });
      if (!rejected) throw new GatewayMethodError("INVALID_REQUEST", "unknown requestId");
      deps.announce("node.pair.resolved", { ...rejected, decision: "rejected", ts: store.clock.now() });
      return rejected;
    },
    scope,
  );
  registry.register(
    "node.pair.verify",
    async (params) => {
      const { nodeId, token } = parseMethodParams("node.pair.verify", v.strictObject({ nodeId: NonEmptyString, token: NonEmptyString }), params);
      return store.read((state) => {
        const node = state.pairedById[nodeId.trim()];
        return node && safeEqualSecret(token, node.token) ? { ok: true, node } : { ok: false };
      });
    },
    scope,
  );
}
