// exec.approval.request/resolve (a caller asks operators to approve a command and waits for the
// decision; operators holding operator.approvals see exec.approval.requested) and
// exec.approvals.node.get/set (a node's own approvals file, read and written through the node),
// as the original's gateway/server-methods/exec-approval*.js. The original CLI's `nodes run`
// uses all of them. exec.approvals.get/set read and write the gateway's own approvals file
// (exec-approvals-store.ts), the Control UI's "Gateway" target.
import { randomUUID } from "node:crypto";
import * as v from "valibot";
import { GatewayMethodError } from "./frames.js";
import type { MethodRegistry } from "./method-registry.js";
import { NonEmptyString, parseMethodParams } from "./method-params.js";
import type { InvokeOutcome, NodeRegistry } from "./node-registry.js";
import { ExecApprovalsConflictError, type ExecApprovalsFile, ExecApprovalsFileError, type ExecApprovalsStore } from "./exec-approvals-store.js";

/** How long an approval request waits for an operator when the caller gives no timeout. */
export const EXEC_APPROVAL_TIMEOUT_MS = 120_000;
/** Most approval requests waiting at once; more are refused. */
export const MAX_PENDING_EXEC_APPROVALS = 100;
/** Scope an operator needs (besides operator.admin) to see and answer approval requests. */
export const APPROVALS_EVENT_SCOPE = "operator.approvals";

const NullableString = v.optional(v.nullable(v.string()));
const RequestParams = v.strictObject({
  id: v.optional(NonEmptyString),
  command: NonEmptyString,
  cwd: NullableString,
  host: NullableString,
  security: NullableString,
  ask: NullableString,
  agentId: NullableString,
  resolvedPath: NullableString,
  sessionKey: NullableString,
  timeoutMs: v.optional(v.pipe(v.number(), v.integer("must be an integer"), v.minValue(1, "must be ≥ 1"))),
});
const ResolveParams = v.strictObject({ id: NonEmptyString, decision: NonEmptyString });
const DECISIONS = ["allow-once", "allow-always", "deny"];

// The original's ExecApprovalsFileSchema: version 1, no unknown keys at any level.
const Policy = {
  security: v.optional(v.string()),
  ask: v.optional(v.string()),
  askFallback: v.optional(v.string()),
  autoAllowSkills: v.optional(v.boolean()),
};
const AllowlistEntry = v.strictObject({
  id: v.optional(NonEmptyString),
  pattern: v.string(),
  lastUsedAt: v.optional(v.pipe(v.number(), v.integer("must be an integer"), v.minValue(0, "must be ≥ 0"))),
  lastUsedCommand: v.optional(v.string()),
  lastResolvedPath: v.optional(v.string()),
});
const ApprovalsFile = v.strictObject({
  version: v.literal(1, "must be 1"),
  socket: v.optional(v.strictObject({ path: v.optional(v.string()), token: v.optional(v.string()) })),
  defaults: v.optional(v.strictObject(Policy)),
  agents: v.optional(v.record(v.string(), v.strictObject({ ...Policy, allowlist: v.optional(v.array(AllowlistEntry)) }))),
});
const SetParams = v.strictObject({ file: ApprovalsFile, baseHash: v.optional(NonEmptyString) });

export interface ExecApprovalDeps {
  nodes: NodeRegistry;
  /** The gateway's own approvals file. */
  approvals: ExecApprovalsStore;
  /** Broadcasts to operators holding operator.admin or operator.approvals. */
  announce(event: "exec.approval.requested" | "exec.approval.resolved", payload: unknown): void;
  timeoutMs?: number;
  maxPending?: number;
}

function nodeResult(outcome: InvokeOutcome): unknown {
  if (!outcome.ok) throw new GatewayMethodError("UNAVAILABLE", outcome.error.message ?? "node invoke failed", { details: { nodeError: outcome.error } });
  if (!outcome.payloadJSON) return outcome.payload;
  try {
    return JSON.parse(outcome.payloadJSON);
  } catch {
    return null;
  }
}

/** Store failures as error frames: a stale hash is the caller's to fix, an unreadable file the owner's. */
async function withApprovalsStore<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (ExecApprovalsConflictError.isInstance(error)) throw new GatewayMethodError("INVALID_REQUEST", error.message);
    if (ExecApprovalsFileError.isInstance(error))
      throw new GatewayMethodError("UNAVAILABLE", error.message, { details: { code: error.code, path: error.path } });
    throw new GatewayMethodError("UNAVAILABLE", `exec approvals write failed: ${(error as Error).message}`);
  }
}

/** Registers the exec approval methods with the original's scopes. */
export function registerExecApprovalMethods(registry: MethodRegistry, deps: ExecApprovalDeps): void {
  const pending = new Map<string, { settle(decision: string | null): void; timer: NodeJS.Timeout }>();

  registry.register(
    "exec.approval.request",
    async (params) => {
      const p = parseMethodParams("exec.approval.request", RequestParams, params);
      const id = p.id?.trim() || randomUUID();
      if (pending.has(id)) throw new GatewayMethodError("INVALID_REQUEST", "approval id already pending");
      const maxPending = deps.maxPending ?? MAX_PENDING_EXEC_APPROVALS;
      if (pending.size >= maxPending)
        throw new GatewayMethodError("UNAVAILABLE", `too many approval requests waiting (max ${maxPending})`, { retryAfterMs: 1000 });
      const timeoutMs = p.timeoutMs ?? deps.timeoutMs ?? EXEC_APPROVAL_TIMEOUT_MS;
      const createdAtMs = Date.now();
      const expiresAtMs = createdAtMs + timeoutMs;
      const request = {
        command: p.command,
        cwd: p.cwd ?? null,
        host: p.host ?? null,
        security: p.security ?? null,
        ask: p.ask ?? null,
        agentId: p.agentId ?? null,
        resolvedPath: p.resolvedPath ?? null,
        sessionKey: p.sessionKey ?? null,
      };
      const decision = new Promise<string | null>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(null);
        }, timeoutMs);
        timer.unref();
        pending.set(id, { settle: resolve, timer });
      });
      deps.announce("exec.approval.requested", { id, request, createdAtMs, expiresAtMs });
      return { id, decision: await decision, createdAtMs, expiresAtMs };
    },
    { scope: "approvals" },
  );

  registry.register(
    "exec.approval.resolve",
    (params, ctx) => {
      const p = parseMethodParams("exec.approval.resolve", ResolveParams, params);
      if (!DECISIONS.includes(p.decision)) throw new GatewayMethodError("INVALID_REQUEST", "invalid decision");
      const entry = pending.get(p.id);
      if (!entry) throw new GatewayMethodError("INVALID_REQUEST", "unknown approval id");
      pending.delete(p.id);
      clearTimeout(entry.timer);
      entry.settle(p.decision);
      const resolvedBy = ctx.client.displayName ?? ctx.client.id;
      deps.announce("exec.approval.resolved", { id: p.id, decision: p.decision, resolvedBy, ts: Date.now() });
      return { ok: true };
    },
    { scope: "approvals" },
  );

  // Both are admin-only, as the original (its ADMIN_METHOD_PREFIXES covers exec.approvals.*).
  registry.register(
    "exec.approvals.get",
    (params) => {
      parseMethodParams("exec.approvals.get", v.strictObject({}), params ?? {});
      return withApprovalsStore(() => deps.approvals.get());
    },
    { scope: "admin" },
  );

  registry.register(
    "exec.approvals.set",
    (params) => {
      const p = parseMethodParams("exec.approvals.set", SetParams, params);
      return withApprovalsStore(() => deps.approvals.set(p.file as ExecApprovalsFile, p.baseHash?.trim() || undefined));
    },
    { scope: "admin" },
  );

  registry.register(
    "exec.approvals.node.get",
    async (params) => {
      const { nodeId } = parseMethodParams("exec.approvals.node.get", v.strictObject({ nodeId: NonEmptyString }), params);
      return nodeResult(await deps.nodes.invoke({ nodeId: nodeId.trim(), command: "system.execApprovals.get", params: {}, idempotencyKey: randomUUID() }));
    },
    { scope: "admin" },
  );

  registry.register(
    "exec.approvals.node.set",
    async (params) => {
      const p = parseMethodParams(
        "exec.approvals.node.set",
        v.strictObject({ nodeId: NonEmptyString, file: v.record(v.string(), v.unknown()), baseHash: v.optional(NonEmptyString) }),
        params,
      );
      const invokeParams = p.baseHash ? { file: p.file, baseHash: p.baseHash } : { file: p.file };
      return nodeResult(
        await deps.nodes.invoke({ nodeId: p.nodeId.trim(), command: "system.execApprovals.set", params: invokeParams, idempotencyKey: randomUUID() }),
      );
    },
    { scope: "admin" },
  );
}
