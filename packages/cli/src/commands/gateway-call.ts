import { UsageError } from "../cli-error.js";
import type { CommandRun } from "../context.js";
import { readString } from "../flags.js";
import { createOutput } from "../output.js";
import { callGateway, rpcFailure, setupRpc } from "../rpc.js";
import { resolveRpcTarget } from "../rpc-target.js";

/** Parses `--params`: it must be a JSON object (absent → `{}`). */
export function parseParams(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    throw new UsageError([`Invalid --params: not valid JSON (${(err as Error).message}).`, `Example: --params '{"limit":10}'`]);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError([`Invalid --params: must be a JSON object, got ${Array.isArray(value) ? "an array" : JSON.stringify(value)}.`, `Example: --params '{"limit":10}'`]);
  }
  return value as Record<string, unknown>;
}

/** `clawd gateway call <method>`: validates the params before contacting the gateway, prints the result. */
export const run: CommandRun = async (ctx, args, options) => {
  const method = args[0]?.trim();
  if (!method) throw new UsageError("clawd gateway call needs a method name, e.g. clawd gateway call health");
  const params = parseParams(readString(options, "params", "--params"));
  const setup = await setupRpc(ctx, options);
  const out = createOutput({ env: ctx.env });
  for (const w of setup.warnings) out.warn(w);
  const target = resolveRpcTarget(setup.config, setup.flags, ctx.env, setup.configPath);
  let result: unknown;
  try {
    ({ result } = await callGateway(target, method, params, setup.timeoutMs));
  } catch (err) {
    throw rpcFailure(`Gateway call failed (${method})`, err, target);
  }
  out.raw(setup.json ? JSON.stringify(result ?? null) : JSON.stringify(result ?? null, null, 2));
  return 0;
};
