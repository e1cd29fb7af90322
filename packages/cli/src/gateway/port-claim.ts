// SPEC §3 steps 5 and 6 for `clawd gateway`: refuse when the port is held (with the hint
// that fits the holder), or with --force free it. Our installed service is stopped through
// its service manager, never SIGKILLed: systemd would restart it and leave a restart loop.
import { CliError, errorMessage } from "../cli-error.js";
import { commandHint } from "../command-hint.js";
import type { Output } from "../output/output.js";
import type { ProfilePaths } from "../config/paths.js";
import { withProgress } from "../output/progress.js";
import { gatewayRunningError, identifyPortHolder, otherProfileServiceError, type PortHolder, type RerunHints } from "./port-holder.js";

type PortsModule = typeof import("@clawd/ports");

/** What a claim needs besides the port. */
export interface PortClaimContext {
  force: boolean;
  paths: ProfilePaths;
  env: NodeJS.ProcessEnv;
  ports: PortsModule;
  out: Output;
  /** The commands a refusal suggests (forceRerunHint, otherPortHint); default `clawd gateway --force|--port <port>`. */
  rerun?: RerunHints | undefined;
}

/**
 * Makes sure `port` can be ours: returns when free (or freed with --force), throws a CliError
 * naming the holder otherwise. With `onlyOurGateway`, a holder that is not our gateway is left alone.
 */
export async function claimPort(port: number, hosts: readonly string[], ctx: PortClaimContext, onlyOurGateway = false): Promise<PortHolder> {
  const holder = await identifyPortHolder(port, hosts, ctx.ports, ctx.paths, ctx.env);
  if (holder.kind === "free" || (onlyOurGateway && holder.kind === "other")) return holder;
  if (holder.kind === "other-profile-service" && ctx.force) {
    throw otherProfileServiceError(holder, port, ctx.rerun?.otherPort ?? commandHint(ctx.paths.profile, "gateway --port <port>"));
  }
  if (!ctx.force) {
    if (holder.kind === "other") throw new CliError((await ctx.ports.explainPortInUse(port)).text.trimEnd().split("\n"));
    throw gatewayRunningError(holder, port, ctx.paths.profile, ctx.rerun);
  }
  if (holder.kind === "service") await stopService(holder, port, ctx);
  await forceFreePort(port, ctx);
  return holder;
}

async function stopService(holder: Extract<PortHolder, { kind: "service" }>, port: number, ctx: PortClaimContext): Promise<void> {
  const { out, paths } = ctx;
  out.info(
    `force: port ${port} is held by the installed ${holder.service.label} service (PID ${holder.pid ?? "unknown"}); stopping it through ${holder.service.kind}`,
  );
  try {
    await withProgress(`stopping the ${holder.service.label} service`, () => holder.service.stop());
  } catch (err) {
    throw new CliError([
      `force: could not stop the ${holder.service.label} service: ${errorMessage(err)}`,
      `Stop it yourself: ${commandHint(paths.profile, "gateway stop")}, then run this command again.`,
    ]);
  }
  out.info(`force: service stopped; it stays installed (start it again with ${commandHint(paths.profile, "gateway start")})`);
}

/** SIGTERM, then SIGKILL, whatever still listens on `port` (a foreground gateway or a stranger). */
async function forceFreePort(port: number, ctx: PortClaimContext): Promise<void> {
  const { out } = ctx;
  try {
    const result = await withProgress(`freeing port ${port}`, () => ctx.ports.freePort(port));
    if (result.killed.length === 0) out.info(`force: no listeners on port ${port}`);
    for (const l of result.killed) out.info(`force: killed pid ${l.pid} (${l.command}) on port ${port}`);
    if (result.escalated) out.info(`force: escalated to SIGKILL while freeing port ${port}`);
    if (result.waitedMs > 0) out.info(`force: waited ${result.waitedMs}ms for port ${port} to free`);
  } catch (err) {
    throw new CliError([`force: could not free port ${port}: ${errorMessage(err)}`, "Stop the process yourself, or pick another port with --port."]);
  }
}
