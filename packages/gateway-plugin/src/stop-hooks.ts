// Runs a plugin's onStop hooks, each bounded by a timeout, so one stuck hook cannot hold a
// shutdown or a dev reload forever.
import type { GatewayLogger } from "@clawd/gateway-server";
import { pluginContext } from "./caller-context.js";

/**
 * How long one plugin's onStop hooks may take before the host moves on (plugins stop in
 * parallel; 3 s leaves the CLI's 5 s shutdown budget room to close the server).
 */
export const PLUGIN_STOP_TIMEOUT_MS = 3000;

/** Awaits `stops` in reverse registration order; a throw or timeout is logged, never rethrown. */
export async function runStopHooks(plugin: string, stops: ReadonlyArray<() => void | Promise<void>>, timeoutMs: number, logger: GatewayLogger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const all = pluginContext.run({ plugin }, async () => {
    for (const stop of [...stops].reverse()) {
      try {
        await stop();
      } catch (error) {
        logger.error(`[plugin ${plugin}] onStop failed: ${(error as Error)?.message ?? String(error)}`);
      }
    }
    return "done" as const;
  });
  const outcome = await Promise.race([all, timedOut]);
  clearTimeout(timer);
  if (outcome === "timeout") logger.warn(`[plugin ${plugin}] onStop did not finish within ${timeoutMs}ms; continuing without it`);
}
