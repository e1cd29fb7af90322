import { commandHint } from "../command-hint.js";
import { UsageError } from "../cli-error.js";
import type { CommandRun } from "../context.js";
import { readString } from "../gateway/flags.js";
import { runRpc } from "../rpc/rpc.js";

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
    throw new UsageError([
      `Invalid --params: must be a JSON object, got ${Array.isArray(value) ? "an array" : JSON.stringify(value)}.`,
      `Example: --params '{"limit":10}'`,
    ]);
  }
  return value as Record<string, unknown>;
}

/** `clawd gateway call <method>`: validates the params before contacting the gateway, prints the result. */
export const run: CommandRun = async (ctx, args, options) => {
  const method = args[0]?.trim();
  if (!method) throw new UsageError(`clawd gateway call needs a method name, e.g. ${commandHint(ctx.profile, "gateway call health")}`);
  const params = parseParams(readString(options, "params", "--params"));
  const { setup, out, result } = await runRpc(ctx, options, method, params, `Gateway call failed (${method})`);
  out.raw(setup.json ? JSON.stringify(result ?? null) : JSON.stringify(result ?? null, null, 2));
  return 0;
};
