import type { CommandRun } from "../context.js";
import { runRpc } from "../rpc/rpc.js";

/** `clawd gateway health`: one `health` RPC; SPEC §4's three ✓ lines, or the payload with --json. */
export const run: CommandRun = async (ctx, _args, options) => {
  const { setup, out, result } = await runRpc(ctx, options, "health", undefined, "Gateway health failed");
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
