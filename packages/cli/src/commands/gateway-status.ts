import { box } from "consola/utils";
import { errorMessage } from "../cli-error.js";
import type { CommandContext, CommandRun } from "../context.js";
import { readBoolean, type RawOptions } from "../flags.js";
import { createOutput } from "../output.js";
import { callGateway, setupRpc } from "../rpc.js";
import { resolveRpcTarget } from "../rpc-target.js";

/** The RPC half of `status`: did a `status` call succeed, and how fast. */
export interface RpcProbe {
  url: string;
  ok: boolean;
  latencyMs: number | undefined;
  error: string | undefined;
}

/** Runs the status RPC probe (shared with the service half of `status` when it lands). */
export async function probeRpc(ctx: CommandContext, options: RawOptions): Promise<RpcProbe> {
  const setup = await setupRpc(ctx, options);
  const target = resolveRpcTarget(setup.config, setup.flags, ctx.env, setup.configPath);
  try {
    const { latencyMs } = await callGateway(target, "status", undefined, setup.timeoutMs);
    return { url: target.url, ok: true, latencyMs, error: undefined };
  } catch (err) {
    return { url: target.url, ok: false, latencyMs: undefined, error: errorMessage(err) };
  }
}

/** Renders the "RPC probe" box of SPEC §4. */
export function renderRpcBox(probe: RpcProbe): string {
  const lines = [
    `Target: ${probe.url}`,
    `Status: ${probe.ok ? "✓ connected" : `✗ ${probe.error ?? "unreachable"}`}`,
    `Latency: ${probe.latencyMs === undefined ? "-" : `${probe.latencyMs}ms`}`,
  ];
  // consola pads vertically too when padding > 0; one space left and right is done by hand.
  const width = Math.max(...lines.map((l) => l.length));
  const padded = lines.map((l) => ` ${l.padEnd(width)} `).join("\n");
  return `RPC probe\n${box(padded, { style: { borderStyle: "solid", padding: 0, marginLeft: 0, marginTop: 0, marginBottom: 0 } })}`;
}

/** `clawd gateway status` (RPC half): prints the probe box, or JSON; `--no-probe` skips it. */
export const run: CommandRun = async (ctx, _args, options) => {
  const setup = await setupRpc(ctx, options);
  const out = createOutput({ env: ctx.env });
  for (const w of setup.warnings) out.warn(w);
  const skip = readBoolean(options, "probe") === false;
  const probe = skip ? undefined : await probeRpc(ctx, options);
  if (setup.json) {
    out.raw(JSON.stringify({ rpc: probe ?? null }, null, 2));
    return 0;
  }
  if (probe) out.raw(renderRpcBox(probe));
  else out.info("RPC probe skipped (--no-probe)");
  return 0;
};
