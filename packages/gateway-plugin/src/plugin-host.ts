// Loads the configured plugins into a running gateway, reloads one in place (dev mode) and
// stops them all. Every failure at load is a PluginLoadError: the start stops, nothing is
// silently skipped; a failed reload keeps the last good version running.
import { pathToFileURL } from "node:url";
import type { GatewayLogger, MethodScope } from "@clawd/gateway-server";
import { pluginContext } from "./caller-context.js";
import { PluginLoadError } from "./plugin-load-error.js";
import { importPlugin, resolvePluginModule } from "./plugin-module.js";
import { type PluginDraft, type PluginServer, type SetupEnvironment, setupPlugin } from "./plugin-setup.js";
import { PLUGIN_STOP_TIMEOUT_MS, runStopHooks } from "./stop-hooks.js";

/** One `plugins[]` entry of the config (or a `--plugin <module>` flag). */
export interface PluginEntry {
  module: string;
  config?: unknown;
  /** `false` skips the entry on purpose (the only way a declared plugin is not loaded). */
  enabled?: boolean;
}

/** A loaded plugin as `status`, `doctor` and `plugins.list` report it. */
export interface LoadedPlugin {
  name: string;
  version: string | undefined;
  module: string;
  methods: Array<{ name: string; scope: MethodScope }>;
  events: string[];
}

export interface PluginHostOptions {
  /** Folder relative module paths are resolved from (the config file's folder). */
  baseDir: string;
  /** Parent of each plugin's private state folder. */
  stateRoot: string;
  logger: GatewayLogger;
  /** Bound on each plugin's onStop hooks (default PLUGIN_STOP_TIMEOUT_MS). */
  stopTimeoutMs?: number;
}

/** The plugins running in one gateway. */
export interface PluginHost {
  list(): LoadedPlugin[];
  /** Absolute files of the loaded plugins (what dev mode watches). */
  files(): string[];
  /** Re-imports the plugin loaded from `file`; on failure the old version keeps running. */
  reload(file: string): Promise<{ ok: true; plugin: LoadedPlugin } | { ok: false; error: PluginLoadError }>;
  /** The plugin an unhandled rejection came from: its async scope, else its file in the stack. */
  attribute(error: unknown): LoadedPlugin | undefined;
  /** Runs every onStop hook and unregisters every method. */
  stop(): Promise<void>;
}

/** The read-only method that lists loaded plugins (clawd gateway status, dashboards). */
export const PLUGINS_LIST_METHOD = "plugins.list";

const describe = (draft: PluginDraft): LoadedPlugin => ({
  name: draft.name,
  version: draft.version,
  module: draft.module,
  methods: [...draft.methods].map(([name, m]) => ({ name, scope: m.scope })),
  events: [...draft.events],
});

/** Imports and sets up each enabled entry without registering anything (shared by load and dry run). */
export async function preparePlugins(entries: readonly PluginEntry[], env: SetupEnvironment, baseDir: string): Promise<PluginDraft[]> {
  const drafts: PluginDraft[] = [];
  try {
    for (const entry of entries) {
      if (entry.enabled === false) continue;
      const file = resolvePluginModule(entry.module, baseDir);
      const plugin = await importPlugin(file);
      const twin = drafts.find((d) => d.name === plugin.name);
      if (twin) throw new PluginLoadError("NAME_CLASH", plugin.name, file, `plugin name "${plugin.name}" is already used by ${twin.module}`);
      drafts.push(await setupPlugin(plugin, file, entry.config, env));
    }
  } catch (error) {
    for (const draft of drafts.reverse()) await runStopHooks(draft.name, draft.stops, env.stopTimeoutMs, env.logger);
    throw error;
  }
  return drafts;
}

/** Checks a draft's names against the server's and the other plugins' (a clash names both owners). */
function assertNoClash(draft: PluginDraft, server: PluginServer, owners: Map<string, string>): void {
  const taken = new Set(server.methodNames());
  for (const method of draft.methods.keys()) {
    const owner = owners.get(method);
    if (owner !== undefined && owner !== draft.name) {
      throw new PluginLoadError("NAME_CLASH", draft.name, draft.module, `method "${method}" clashes with plugin "${owner}"`);
    }
    if (owner === undefined && taken.has(method)) {
      throw new PluginLoadError("NAME_CLASH", draft.name, draft.module, `method "${method}" clashes with the built-in method "${method}"`);
    }
  }
}

/** Plugins whose setup ran, not yet serving: attach them once the server is up. */
export interface PreparedPlugins {
  list(): LoadedPlugin[];
  /** Registers everything on `server`; a name clash rejects with PluginLoadError (nothing stays registered). */
  attach(server: PluginServer): Promise<PluginHost>;
  /** Runs the onStop hooks of plugins that will not be attached (the server failed to start). */
  discard(): Promise<void>;
}

/**
 * Imports and sets up every enabled entry before any server exists, so a plugin that cannot
 * load stops the start before the port is ever opened. Rejects with PluginLoadError.
 */
export async function preparePluginSet(entries: readonly PluginEntry[], options: PluginHostOptions): Promise<PreparedPlugins> {
  let server: PluginServer | undefined;
  const env: SetupEnvironment = {
    server: () => server,
    logger: options.logger,
    stateRoot: options.stateRoot,
    stopTimeoutMs: options.stopTimeoutMs ?? PLUGIN_STOP_TIMEOUT_MS,
  };
  const drafts = await preparePlugins(entries, env, options.baseDir);
  const discard = async () => {
    for (const draft of [...drafts].reverse()) await runStopHooks(draft.name, draft.stops, env.stopTimeoutMs, env.logger);
  };
  return {
    list: () => drafts.map(describe),
    discard,
    async attach(target) {
      server = target;
      try {
        return attachDrafts(drafts, target, entries, env, options.baseDir);
      } catch (error) {
        server = undefined;
        await discard();
        throw error;
      }
    },
  };
}

/** Loads every enabled entry into a running `server`; rejects with PluginLoadError (nothing stays registered). */
export async function loadPlugins(entries: readonly PluginEntry[], server: PluginServer, options: PluginHostOptions): Promise<PluginHost> {
  return (await preparePluginSet(entries, options)).attach(server);
}

function attachDrafts(drafts: PluginDraft[], server: PluginServer, entries: readonly PluginEntry[], env: SetupEnvironment, baseDir: string): PluginHost {
  const loaded = new Map<string, PluginDraft>(); // by module file
  const owners = new Map<string, string>(); // method → plugin
  const commit = (draft: PluginDraft) => {
    for (const [method, m] of draft.methods) {
      server.registerMethod(method, m.handler, { scope: m.scope });
      owners.set(method, draft.name);
    }
    for (const event of draft.events) server.advertiseEvent(event);
    if (draft.nodeEventListeners.length > 0) {
      const listeners = draft.nodeEventListeners;
      draft.unsubscribe = server.onNodeEvent((event) => {
        for (const listener of listeners) listener(event);
      });
    }
    loaded.set(draft.module, draft);
  };
  const withdraw = (draft: PluginDraft) => {
    for (const method of draft.methods.keys()) {
      server.unregisterMethod(method);
      owners.delete(method);
    }
    for (const event of draft.events) server.advertiseEvent(event, false);
    draft.unsubscribe?.();
    draft.unsubscribe = undefined;
    loaded.delete(draft.module);
  };
  try {
    for (const draft of drafts) {
      assertNoClash(draft, server, owners);
      commit(draft);
    }
  } catch (error) {
    for (const draft of [...loaded.values()]) withdraw(draft);
    throw error;
  }
  if (!server.methodNames().includes(PLUGINS_LIST_METHOD)) {
    server.registerMethod(PLUGINS_LIST_METHOD, () => [...loaded.values()].map(describe), { scope: "read" });
  }

  return {
    list: () => [...loaded.values()].map(describe),
    files: () => [...loaded.keys()],
    async reload(file) {
      const old = loaded.get(file);
      if (!old) return { ok: false, error: new PluginLoadError("MODULE_NOT_FOUND", undefined, file, "not a loaded plugin file") };
      let next: PluginDraft;
      try {
        const plugin = await importPlugin(file, true);
        if (plugin.name !== old.name) {
          throw new PluginLoadError("INVALID_PLUGIN", plugin.name, file, `renamed from "${old.name}"; a rename needs a gateway restart`);
        }
        const entry = entries.find((e) => e.enabled !== false && safeResolve(e.module, baseDir) === file);
        next = await setupPlugin(plugin, file, entry?.config, env);
        assertNoClash(next, server, owners);
      } catch (error) {
        // A reload failure is always about the plugin already running, even before its name is read.
        const loadError = PluginLoadError.isInstance(error) ? error : new PluginLoadError("SETUP_FAILED", old.name, file, String(error));
        if (loadError.plugin !== undefined) return { ok: false, error: loadError };
        return { ok: false, error: new PluginLoadError(loadError.code, old.name, loadError.module, loadError.reason, { cause: loadError.cause }) };
      }
      await runStopHooks(old.name, old.stops, env.stopTimeoutMs, env.logger);
      withdraw(old);
      commit(next);
      return { ok: true, plugin: describe(next) };
    },
    attribute(error) {
      // Called from an unhandledRejection handler, which Node runs in the promise's async context.
      const owner = pluginContext.getStore()?.plugin;
      const byScope = owner === undefined ? undefined : [...loaded.values()].find((d) => d.name === owner);
      if (byScope) return describe(byScope);
      const stack = typeof (error as Error | null)?.stack === "string" ? (error as Error).stack! : "";
      for (const draft of loaded.values()) {
        if (stack.includes(pathToFileURL(draft.module).href) || stack.includes(draft.module)) return describe(draft);
      }
      return undefined;
    },
    async stop() {
      // All plugins stop at once, so the whole stop takes at most one stop timeout.
      const drafts = [...loaded.values()];
      await Promise.all(drafts.map((draft) => runStopHooks(draft.name, draft.stops, env.stopTimeoutMs, env.logger)));
      for (const draft of drafts) withdraw(draft);
      server.unregisterMethod(PLUGINS_LIST_METHOD);
    },
  };
}

function safeResolve(spec: string, baseDir: string): string | undefined {
  try {
    return resolvePluginModule(spec, baseDir);
  } catch {
    return undefined;
  }
}
