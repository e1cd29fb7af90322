// Which plugins a gateway loads: the config's `plugins` list, then each `--plugin` flag.
import { isAbsolute, resolve } from "node:path";
import type { PluginEntry } from "@clawd/gateway-plugin/host";
import type { ClawdConfig } from "../config/config-schema.js";

/**
 * Config entries keep their module as written (resolved later from the config file's folder);
 * a `--plugin` path is made absolute from `cwd`, where the user typed it.
 */
export function pluginEntries(config: ClawdConfig, flagModules: readonly string[], cwd: string): PluginEntry[] {
  const fromConfig: PluginEntry[] = (config.plugins ?? []).map((entry) => ({
    module: entry.module,
    ...(entry.config !== undefined ? { config: entry.config } : {}),
    ...(entry.enabled !== undefined ? { enabled: entry.enabled } : {}),
  }));
  const fromFlags = flagModules.map((module) => ({ module: module.startsWith(".") && !isAbsolute(module) ? resolve(cwd, module) : module }));
  return [...fromConfig, ...fromFlags];
}
