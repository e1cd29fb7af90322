// The CLI's side of plugins: load them into the started server (a failure is a CliError that
// names plugin, module and cause), reload them in dev mode, and keep an unhandled rejection
// inside a plugin from killing the gateway.
import { type FSWatcher, watch } from "node:fs";
import { dirname, join } from "node:path";
import type { GatewayServer } from "@clawd/gateway-server";
import type { LoadedPlugin, PluginEntry, PluginHost, PluginLoadError, PreparedPlugins } from "@clawd/gateway-plugin/host";
import { CliError } from "../cli-error.js";
import type { Output } from "../output/output.js";
import type { ProfilePaths } from "../config/paths.js";

/** Quiet period after a plugin file changes before dev mode reloads it. */
export const PLUGIN_RELOAD_DEBOUNCE_MS = 150;

/** The lines a load failure prints: what failed, where, and how to get the gateway up anyway. */
export function describeLoadError(error: PluginLoadError, configPath: string): string[] {
  return [
    `Plugin ${error.plugin ? `"${error.plugin}"` : "(unnamed)"} failed to load: ${error.reason}`,
    `Module: ${error.module}`,
    `Fix the plugin, or set "enabled": false on its entry in ${configPath} (plugins are never skipped silently).`,
  ];
}

/** One line per plugin for startup and status: name, version, methods, events. */
export function describePlugin(plugin: LoadedPlugin): string {
  const methods = plugin.methods.map((m) => `${m.name} (${m.scope})`).join(", ") || "none";
  const events = plugin.events.join(", ") || "none";
  return `plugin ${plugin.name}${plugin.version ? ` ${plugin.version}` : ""}: methods ${methods}; events ${events}`;
}

/**
 * Imports and sets up the plan's plugins before the server listens, so a plugin that cannot
 * load stops the start before the port opens (a service manager never sees it answer).
 */
export async function preparePlugins(entries: readonly PluginEntry[], paths: ProfilePaths, out: Output): Promise<PreparedPlugins | undefined> {
  if (entries.length === 0) return undefined;
  const { preparePluginSet, PluginLoadError: LoadError } = await import("@clawd/gateway-plugin/host");
  try {
    return await preparePluginSet(entries, {
      baseDir: dirname(paths.configPath),
      stateRoot: join(paths.stateDir, "plugins"),
      logger: { debug: out.debug, info: out.info, warn: out.warn, error: out.error },
    });
  } catch (error) {
    if (LoadError.isInstance(error)) throw new CliError(describeLoadError(error, paths.configPath));
    throw error;
  }
}

/** Registers prepared plugins on the started server (only a name clash can fail here). */
export async function attachPlugins(prepared: PreparedPlugins, server: GatewayServer, paths: ProfilePaths, out: Output): Promise<PluginHost> {
  const { PluginLoadError: LoadError } = await import("@clawd/gateway-plugin/host");
  try {
    const host = await prepared.attach(server);
    for (const plugin of host.list()) out.success(describePlugin(plugin));
    return host;
  } catch (error) {
    if (LoadError.isInstance(error)) throw new CliError(describeLoadError(error, paths.configPath));
    throw error;
  }
}

/** Dev mode: reloads a plugin in place when its file changes; a broken edit keeps the old one. */
export function watchPlugins(host: PluginHost, paths: ProfilePaths, out: Output): () => void {
  const watchers: FSWatcher[] = [];
  for (const file of host.files()) {
    let timer: NodeJS.Timeout | undefined;
    const reload = async () => {
      const result = await host.reload(file);
      if (result.ok) out.success(`reloaded ${describePlugin(result.plugin)}`);
      else for (const line of [...describeLoadError(result.error, paths.configPath).slice(0, 2), "The last good version keeps running."]) out.error(line);
    };
    try {
      // The folder, not the file: editors replace files by rename, which ends a file watch.
      const watcher = watch(dirname(file), (_event, name) => {
        if (name !== null && join(dirname(file), name.toString()) !== file) return;
        clearTimeout(timer);
        timer = setTimeout(() => void reload(), PLUGIN_RELOAD_DEBOUNCE_MS);
      });
      watcher.unref();
      watchers.push(watcher);
      out.debug(`dev: watching plugin ${file}`);
    } catch (error) {
      out.warn(`dev: cannot watch plugin ${file}: ${(error as Error).message}`);
    }
  }
  return () => {
    for (const w of watchers) w.close();
  };
}

/**
 * Logs an unhandled rejection raised inside a plugin (found by its stack) with the plugin's
 * name and keeps the gateway running; any other unhandled rejection still crashes, as before.
 */
export function guardPluginRejections(current: () => PluginHost | undefined, out: Output): () => void {
  const onRejection = (reason: unknown) => {
    const plugin = current()?.attribute(reason);
    if (!plugin) throw reason;
    out.error(`plugin ${plugin.name} (${plugin.module}): unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`);
  };
  process.on("unhandledRejection", onRejection);
  return () => process.off("unhandledRejection", onRejection);
}
