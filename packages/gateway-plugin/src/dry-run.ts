// `clawd plugins list`: does each declared plugin load? Imports and runs setup exactly as the
// gateway would, registers nothing, then runs the onStop hooks.
import type { GatewayLogger } from "@clawd/gateway-server";
import type { LoadedPlugin, PluginEntry } from "./plugin-host.js";
import { PluginLoadError } from "./plugin-load-error.js";
import { preparePlugins } from "./plugin-host.js";
import { runStopHooks, PLUGIN_STOP_TIMEOUT_MS } from "./stop-hooks.js";

/** One declared entry and whether it loads. */
export type PluginCheck =
  | { module: string; enabled: false }
  | { module: string; enabled: true; ok: true; plugin: LoadedPlugin }
  | { module: string; enabled: true; ok: false; error: PluginLoadError };

/** Checks each entry on its own (one broken plugin does not hide the others' state). */
export async function checkPlugins(
  entries: readonly PluginEntry[],
  options: { baseDir: string; stateRoot: string; logger: GatewayLogger; stopTimeoutMs?: number },
): Promise<PluginCheck[]> {
  const env = { server: () => undefined, logger: options.logger, stateRoot: options.stateRoot, stopTimeoutMs: options.stopTimeoutMs ?? PLUGIN_STOP_TIMEOUT_MS };
  const checks: PluginCheck[] = [];
  for (const entry of entries) {
    if (entry.enabled === false) {
      checks.push({ module: entry.module, enabled: false });
      continue;
    }
    try {
      const [draft] = await preparePlugins([entry], env, options.baseDir);
      if (!draft) throw new Error("no plugin prepared");
      await runStopHooks(draft.name, draft.stops, env.stopTimeoutMs, env.logger);
      checks.push({
        module: entry.module,
        enabled: true,
        ok: true,
        plugin: {
          name: draft.name,
          version: draft.version,
          module: draft.module,
          methods: [...draft.methods].map(([name, m]) => ({ name, scope: m.scope })),
          events: [...draft.events],
        },
      });
    } catch (error) {
      const loadError = PluginLoadError.isInstance(error) ? error : new PluginLoadError("SETUP_FAILED", undefined, entry.module, String(error));
      checks.push({ module: entry.module, enabled: true, ok: false, error: loadError });
    }
  }
  return checks;
}
