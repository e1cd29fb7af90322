// `clawd nodes approvals` (print exec approval requests as they arrive) and
// `clawd nodes approve-exec <id>` (answer one): how an operator approves the original's
// `nodes run` (or any exec.approval.request) from our CLI.
import { commandHint } from "../command-hint.js";
import { UsageError } from "../cli-error.js";
import type { CommandRun } from "../context.js";
import { parseChoice, parseTimeoutMs, readString } from "../gateway/flags.js";
import { rpcFailure, runRpc, setupRpc } from "../rpc/rpc.js";
import { resolveRpcTarget } from "../rpc/rpc-target.js";
import { createOutput } from "../output/output.js";
import { resolvePaths } from "../config/paths.js";

/** Decisions an approval accepts. */
export const EXEC_DECISIONS = ["allow-once", "allow-always", "deny"] as const;
/** How long `nodes approvals` watches by default. */
export const APPROVALS_WATCH_MS = 120_000;

interface Requested {
  id: string;
  request: { command: string; host?: string | null; cwd?: string | null; agentId?: string | null };
  expiresAtMs: number;
}

/** `clawd nodes approvals [--timeout ms]`: prints each exec approval request until the time is up or Ctrl-C. */
export const watch: CommandRun = async (ctx, _args, options) => {
  const rawTimeout = readString(options, "timeout", "--timeout");
  const watchMs = rawTimeout === undefined ? APPROVALS_WATCH_MS : parseTimeoutMs(rawTimeout);
  const setup = await setupRpc(ctx, { ...options, timeout: undefined });
  const out = createOutput({ env: ctx.env });
  for (const w of setup.warnings) out.warn(w);
  const target = resolveRpcTarget(setup.config, setup.flags, ctx.env, setup.configPath, setup);
  const { connectGateway } = await import("@clawd/gateway-client");
  const { loadCliDevice } = await import("../rpc/device-identity-store.js");
  const device = await loadCliDevice(resolvePaths(ctx.profile, ctx.env).stateDir, ctx.profile);
  const token = target.token ?? (target.password ? undefined : device.token("operator"));
  let client: Awaited<ReturnType<typeof connectGateway>>;
  try {
    client = await connectGateway({
      url: target.url,
      clientName: "cli",
      mode: "cli",
      reconnect: false,
      device: device.signer,
      onDeviceToken: (auth) => void device.saveToken(auth),
      ...(token ? { token } : {}),
      ...(target.password ? { password: target.password } : {}),
    });
  } catch (err) {
    throw rpcFailure("Watching exec approvals failed", err, target, ctx.profile);
  }
  client.on("exec.approval.requested", (payload) => {
    const p = payload as Requested;
    if (setup.json) return out.raw(JSON.stringify(p));
    const where = [p.request.host && `host ${p.request.host}`, p.request.cwd && `cwd ${p.request.cwd}`].filter(Boolean).join(", ");
    out.raw(`${p.id}  ${p.request.command}${where ? `  (${where})` : ""}  expires in ${Math.max(0, Math.round((p.expiresAtMs - Date.now()) / 1000))}s`);
    out.raw(`  answer: ${commandHint(ctx.profile, `nodes approve-exec ${p.id} --decision allow-once|allow-always|deny`)}`);
  });
  if (!setup.json) out.info(`Waiting for exec approval requests for ${Math.round(watchMs / 1000)}s (Ctrl-C stops)…`);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, watchMs);
    const stop = () => {
      clearTimeout(timer);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await client.close();
  return 0;
};

/** `clawd nodes approve-exec <id> [--decision …]`: answers one exec approval request. */
export const approve: CommandRun = async (ctx, args, options) => {
  const id = args[0]?.trim();
  if (!id)
    throw new UsageError([
      "clawd nodes approve-exec needs an approval id.",
      `See requests as they arrive with: ${commandHint(ctx.profile, "nodes approvals")}`,
    ]);
  const raw = readString(options, "decision", "--decision");
  const decision = raw === undefined ? "allow-once" : parseChoice(raw, "--decision", EXEC_DECISIONS);
  const { setup, out, result } = await runRpc(ctx, options, "exec.approval.resolve", { id, decision }, `Answering approval ${id} failed`, { asDevice: true });
  if (setup.json) out.raw(JSON.stringify(result));
  else out.success(`${decision === "deny" ? "Denied" : "Approved"} ${id} (${decision})`);
  return 0;
};
