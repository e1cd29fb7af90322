import { commandHint } from "../command-hint.js";
// `clawd approvals get|allow|remove`: the exec approvals file — the gateway's own
// (exec.approvals.get/set, the default) or a node's (`--node`, exec.approvals.node.get/set,
// through the node host) — as the original's `approvals get` and `approvals allowlist add|remove`.
// Edits read the file, change it, and save with the hash they read: if someone saved in
// between, the gateway refuses and nothing is overwritten.
import { UsageError } from "../cli-error.js";
import type { CommandRun } from "../context.js";
import { readBoolean, readString } from "../gateway/flags.js";
import { createOutput } from "../output/output.js";
import { type ListedNode, resolveNodeQuery } from "../rpc/node-query.js";
import { runRpc } from "../rpc/rpc.js";
import { renderTable } from "../output/text-table.js";

/** The agent an allowlist edit applies to without --agent: every agent (the original's default). */
export const APPROVALS_ALL_AGENTS = "*";

interface AllowlistEntry {
  id?: string;
  pattern: string;
  lastUsedAt?: number;
  lastUsedCommand?: string;
}
interface Policy {
  security?: string;
  ask?: string;
  askFallback?: string;
  autoAllowSkills?: boolean;
}
interface ApprovalsFile {
  version: 1;
  socket?: { path?: string };
  defaults?: Policy;
  agents?: Record<string, Policy & { allowlist?: AllowlistEntry[] }>;
}
interface Snapshot {
  path: string;
  exists: boolean;
  hash: string;
  file: ApprovalsFile;
}

type Ctx = Parameters<CommandRun>[0];
type Target = { nodeId: string; label: string } | undefined;

async function resolveTarget(ctx: Ctx, options: Record<string, unknown>): Promise<Target> {
  const query = readString(options, "node", "--node");
  if (query === undefined) return undefined;
  if (!query.trim()) throw new UsageError(["--node needs a node (id, id prefix, name or IP).", `See nodes with: ${commandHint(ctx.profile, "nodes list")}`]);
  const { result } = await runRpc(ctx, { ...options, json: true }, "node.list", {}, "Listing nodes failed", { asDevice: true });
  const node = resolveNodeQuery((result as { nodes: ListedNode[] }).nodes, query, ctx.profile);
  return { nodeId: node.nodeId, label: `node ${node.displayName ?? node.nodeId}` };
}

async function load(ctx: Ctx, options: Record<string, unknown>, target: Target) {
  const where = target?.label ?? "the gateway";
  return target
    ? runRpc(ctx, options, "exec.approvals.node.get", { nodeId: target.nodeId }, `Reading exec approvals of ${where} failed`, { asDevice: true })
    : runRpc(ctx, options, "exec.approvals.get", {}, `Reading exec approvals of ${where} failed`, { asDevice: true });
}

async function save(ctx: Ctx, options: Record<string, unknown>, target: Target, file: ApprovalsFile, baseHash: string) {
  const where = target?.label ?? "the gateway";
  const what = `Saving exec approvals of ${where} failed`;
  return target
    ? runRpc(ctx, options, "exec.approvals.node.set", { nodeId: target.nodeId, file, baseHash }, what, { asDevice: true })
    : runRpc(ctx, options, "exec.approvals.set", { file, baseHash }, what, { asDevice: true });
}

/** The snapshot as text: where it is, the defaults, and each agent's policy and allowlist. */
export function renderApprovals(snapshot: Snapshot, label: string, profile: string | undefined): string {
  const { file } = snapshot;
  const policy = (p: Policy | undefined) =>
    [
      p?.security && `security ${p.security}`,
      p?.ask && `ask ${p.ask}`,
      p?.askFallback && `fallback ${p.askFallback}`,
      p?.autoAllowSkills !== undefined && `skills ${p.autoAllowSkills ? "on" : "off"}`,
    ]
      .filter(Boolean)
      .join(", ") || "(not set)";
  const lines = [`Exec approvals of ${label}: ${snapshot.path}`, `defaults  ${policy(file.defaults)}`];
  const agents = Object.entries(file.agents ?? {});
  const rows = agents.flatMap(([agent, a]) =>
    (a.allowlist ?? []).map((e) => [agent, e.pattern, e.lastUsedAt ? new Date(e.lastUsedAt).toISOString() : "never"]),
  );
  for (const [agent, a] of agents) if (policy(a) !== "(not set)") lines.push(`agent ${agent}  ${policy(a)}`);
  lines.push(
    rows.length > 0
      ? renderTable(["agent", "pattern", "last used"], rows)
      : `No allowlist entries. Add one with: ${commandHint(profile, "approvals allow <pattern>")}`,
  );
  return lines.join("\n");
}

/** `clawd approvals get [--node <node>]`. */
export const get: CommandRun = async (ctx, _args, options) => {
  const target = await resolveTarget(ctx, options);
  const { setup, out, result } = await load(ctx, options, target);
  out.raw(setup.json ? JSON.stringify(result) : renderApprovals(result as Snapshot, target?.label ?? "the gateway", ctx.profile));
  return 0;
};

const patternOf = (args: string[], verb: string, profile: string | undefined): string => {
  const pattern = args[0]?.trim();
  if (!pattern)
    throw new UsageError([
      `clawd approvals ${verb} needs a pattern (a path glob such as /usr/bin/uname or ~/bin/*).`,
      `Example: ${commandHint(profile, `approvals ${verb} /usr/bin/uname --agent main`)}`,
    ]);
  return pattern;
};
const agentOf = (options: Record<string, unknown>): string => {
  const agent = readString(options, "agent", "--agent");
  if (agent !== undefined && !agent.trim()) throw new UsageError('--agent needs an agent id (or "*" for every agent).');
  return agent?.trim() || APPROVALS_ALL_AGENTS;
};
const samePattern = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** `clawd approvals allow <pattern> [--agent <id>] [--node <node>]`: adds the pattern to that agent's allowlist. */
export const allow: CommandRun = async (ctx, args, options) => {
  const pattern = patternOf(args, "allow", ctx.profile);
  const agent = agentOf(options);
  const target = await resolveTarget(ctx, options);
  const { result } = await load(ctx, { ...options, json: true }, target);
  const snapshot = result as Snapshot;
  const file: ApprovalsFile = { ...snapshot.file, version: 1 };
  const entry = { ...file.agents?.[agent] };
  const allowlist = [...(entry.allowlist ?? [])];
  const label = target?.label ?? "the gateway";
  if (allowlist.some((e) => samePattern(e.pattern, pattern))) {
    const out = createOutput({ env: ctx.env });
    if (readBoolean(options, "json")) out.raw(JSON.stringify(snapshot));
    else out.info(`${pattern} is already allowed for agent ${agent} on ${label}.`);
    return 0;
  }
  allowlist.push({ pattern });
  file.agents = { ...file.agents, [agent]: { ...entry, allowlist } };
  const saved = await save(ctx, options, target, file, snapshot.hash);
  if (saved.setup.json) saved.out.raw(JSON.stringify(saved.result));
  else saved.out.success(`Allowed ${pattern} for agent ${agent} on ${label}.`);
  return 0;
};

/** `clawd approvals remove <pattern> [--agent <id>] [--node <node>]`: takes the pattern off that agent's allowlist. */
export const remove: CommandRun = async (ctx, args, options) => {
  const pattern = patternOf(args, "remove", ctx.profile);
  const agent = agentOf(options);
  const target = await resolveTarget(ctx, options);
  const { result } = await load(ctx, { ...options, json: true }, target);
  const snapshot = result as Snapshot;
  const label = target?.label ?? "the gateway";
  const entry = snapshot.file.agents?.[agent];
  const kept = (entry?.allowlist ?? []).filter((e) => !samePattern(e.pattern, pattern));
  if (!entry || kept.length === (entry.allowlist ?? []).length) {
    throw new UsageError([
      `${pattern} is not in agent ${agent}'s allowlist on ${label}.`,
      `See the allowlists with: ${commandHint(ctx.profile, `approvals get${target ? ` --node ${target.nodeId}` : ""}`)}`,
    ]);
  }
  const { allowlist: _old, ...rest } = entry;
  const file: ApprovalsFile = {
    ...snapshot.file,
    version: 1,
    agents: { ...snapshot.file.agents, [agent]: kept.length > 0 ? { ...rest, allowlist: kept } : rest },
  };
  const saved = await save(ctx, options, target, file, snapshot.hash);
  if (saved.setup.json) saved.out.raw(JSON.stringify(saved.result));
  else saved.out.success(`Removed ${pattern} from agent ${agent}'s allowlist on ${label}.`);
  return 0;
};
