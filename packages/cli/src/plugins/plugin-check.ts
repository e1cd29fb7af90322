// `clawd plugins list` and `clawd doctor`: does each declared plugin load? Runs the same
// import + setup the gateway runs, registering nothing.
import { dirname, join } from "node:path";
import type { PluginCheck, PluginEntry } from "@clawd/gateway-plugin/host";
import type { Output } from "../output/output.js";
import type { ProfilePaths } from "../config/paths.js";
import { describePlugin } from "./plugin-runtime.js";

/** Dry-loads each entry; plugin log lines go to --verbose only. */
export async function checkDeclaredPlugins(entries: readonly PluginEntry[], paths: ProfilePaths, out: Output): Promise<PluginCheck[]> {
  if (entries.length === 0) return [];
  const { checkPlugins } = await import("@clawd/gateway-plugin/host");
  return checkPlugins(entries, {
    baseDir: dirname(paths.configPath),
    stateRoot: join(paths.stateDir, "plugins"),
    logger: { debug: out.debug, info: out.debug, warn: out.debug, error: out.debug },
  });
}

/** One line per check: ✓ with methods/events, ✗ with the cause, - for a disabled entry. */
export function renderPluginCheck(check: PluginCheck): string {
  if (!check.enabled) return `- ${check.module}: disabled (enabled: false)`;
  if (check.ok) return `✓ ${check.module}: ${describePlugin(check.plugin)}`;
  const { error } = check;
  return `✗ ${check.module}: ${error.plugin ? `plugin "${error.plugin}" ` : ""}does not load: ${error.reason}${error.module !== check.module ? ` (${error.module})` : ""}`;
}

/** The JSON shape of one check (errors as code + reason, never a stack). */
export function pluginCheckJson(check: PluginCheck): Record<string, unknown> {
  if (!check.enabled) return { module: check.module, enabled: false };
  if (check.ok) {
    const { module: resolved, ...plugin } = check.plugin;
    return { module: check.module, enabled: true, loads: true, ...plugin, resolved };
  }
  const { error } = check;
  return {
    module: check.module,
    enabled: true,
    loads: false,
    name: error.plugin ?? null,
    resolved: error.module,
    error: { code: error.code, reason: error.reason },
  };
}
