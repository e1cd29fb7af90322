import type { CommandRun } from "../context.js";
import { createOutput } from "../output.js";
import { callGateway, rpcFailure, setupRpc } from "../rpc.js";
import { resolveRpcTarget } from "../rpc-target.js";

/** `clawd gateway health`: one `health` RPC; SPEC §4's three ✓ lines, or the payload with --json. */
export const run: CommandRun = async (ctx, _args, options) => {
  const setup = await setupRpc(ctx, options);
  const out = createOutput({ env: ctx.env });
  for (const w of setup.warnings) out.warn(w);
  const target = resolveRpcTarget(setup.config, setup.flags, ctx.env, setup.configPath);
  let result: unknown;
  try {
    ({ result } = await callGateway(target, "health", undefined, setup.timeoutMs));
  } catch (err) {
    throw rpcFailure("Gateway health failed", err, target);
  }
  if (setup.json) {
    out.raw(JSON.stringify(result, null, 2));
    return 0;
  }
  const healthy = !(typeof result === "object" && result !== null && (result as { ok?: unknown }).ok === false);
  if (!healthy) {
    out.error("✗ Gateway reports a problem:");
    out.raw(JSON.stringify(result, null, 2));
    return 1;
  }
  out.success("Gateway is healthy");
  out.success("WebSocket connection: OK");
  out.success("RPC methods: available");
  return 0;
};
