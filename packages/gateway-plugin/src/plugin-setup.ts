// Runs one plugin's setup against an api that only collects: methods and events are
// committed to the server after setup succeeded (and, on reload, after the old version
// stopped), so a throwing setup or a broken edit never leaves half a plugin registered.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { GatewayLogger, GatewayServer, MethodHandler, MethodScope } from "@clawd/gateway-server";
import { pluginContext, pluginSelfContext } from "./caller-context.js";
import type { GatewayPlugin, MethodSpec, PluginApi, PluginEvent, PluginMethod, PluginNodeEvent, PluginSystemEvents } from "./define-plugin.js";
import { buildMethodHandler, pluginFailure } from "./method-handler.js";
import { PluginLoadError } from "./plugin-load-error.js";
import { runStopHooks } from "./stop-hooks.js";
import { describeIssues, type StandardSchema, validateWith } from "./standard-schema.js";

/** What plugins need from a running gateway (GatewayServer has all of it). */
export type PluginServer = Pick<
  GatewayServer,
  "registerMethod" | "unregisterMethod" | "methodNames" | "callMethod" | "broadcast" | "advertiseEvent" | "onNodeEvent" | "systemEvents" | "nodeSendToSession"
>;

/** Method and event names after the plugin prefix: letters, digits, dashes, underscores, dots between. */
export const PLUGIN_MEMBER_PATTERN = /^[A-Za-z][\w-]*(\.[A-Za-z][\w-]*)*$/;

const SCOPES: readonly MethodScope[] = ["read", "write", "admin", "pairing", "approvals", "node"];

/** A plugin whose setup ran: what it registers, and how to stop it. */
export interface PluginDraft {
  name: string;
  version: string | undefined;
  module: string;
  methods: Map<string, { scope: MethodScope; handler: MethodHandler }>;
  events: Set<string>;
  stops: Array<() => void | Promise<void>>;
  /** onNodeEvent listeners, subscribed when the draft is committed. */
  nodeEventListeners: Array<(event: PluginNodeEvent) => void>;
  /** Unsubscribes them again (set on commit). */
  unsubscribe?: () => void;
}

/** Where a plugin's setup gets its surroundings. `server` is undefined in a dry run (`clawd plugins list`). */
export interface SetupEnvironment {
  server: () => PluginServer | undefined;
  logger: GatewayLogger;
  /** Parent of every plugin's private folder (`<stateDir>/plugins`). */
  stateRoot: string;
  stopTimeoutMs: number;
}

/** Validates the config section against the plugin's schema; the error names each bad key. */
async function validateConfig(plugin: GatewayPlugin, file: string, config: unknown): Promise<unknown> {
  if (!plugin.config) return config ?? {};
  const result = await validateWith(plugin.config as StandardSchema, config ?? {});
  if (result.issues)
    throw new PluginLoadError("INVALID_CONFIG", plugin.name, file, `invalid config: ${describeIssues(result.issues).replaceAll("<root>", "config")}`);
  return result.value;
}

/** Runs `plugin.setup` and returns the draft; every failure is a PluginLoadError naming plugin and module. */
export async function setupPlugin(plugin: GatewayPlugin, file: string, config: unknown, env: SetupEnvironment): Promise<PluginDraft> {
  const { name } = plugin;
  const draft: PluginDraft = { name, version: plugin.version, module: file, methods: new Map(), events: new Set(), stops: [], nodeEventListeners: [] };
  const validConfig = await validateConfig(plugin, file, config);
  const stateDir = join(env.stateRoot, name);
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const prefix = `[plugin ${name}] `;
  const fail = (reason: string) => new PluginLoadError("INVALID_PLUGIN", name, file, reason);
  const claimed = { method: new Set<string>(plugin.claims?.methods ?? []), event: new Set<string>(plugin.claims?.events ?? []) };
  const member = (kind: "method" | "event", short: string): string => {
    if (typeof short !== "string" || !PLUGIN_MEMBER_PATTERN.test(short))
      throw fail(`${kind} name ${JSON.stringify(short)} must be letters, digits, - or _ (dots between parts)`);
    return claimed[kind].has(short) ? short : `${name}.${short}`;
  };
  const queues = (): PluginSystemEvents => {
    const server = env.server();
    if (!server) throw new Error("api.systemEvents: no running gateway (dry run)");
    return server.systemEvents;
  };
  const systemEvents: PluginSystemEvents = {
    peek: (sessionKey) => queues().peek(sessionKey),
    drain: (sessionKey) => queues().drain(sessionKey),
    enqueue: (text, options) => queues().enqueue(text, options),
  };
  const api: PluginApi = {
    name,
    config: validConfig,
    stateDir,
    logger: {
      debug: (m) => env.logger.debug(prefix + m),
      info: (m) => env.logger.info(prefix + m),
      warn: (m) => env.logger.warn(prefix + m),
      error: (m) => env.logger.error(prefix + m),
    },
    method(short, spec) {
      const full = member("method", short);
      if (draft.methods.has(full)) throw fail(`method "${full}" is registered twice`);
      if (!spec || typeof spec.handler !== "function") throw fail(`method "${full}" needs a handler function`);
      if (!SCOPES.includes(spec.scope)) throw fail(`method "${full}" scope must be one of ${SCOPES.join(", ")} (got ${JSON.stringify(spec.scope)})`);
      const handler = buildMethodHandler(name, full, spec as MethodSpec<StandardSchema | undefined, unknown>);
      draft.methods.set(full, { scope: spec.scope, handler });
      return { method: full } as PluginMethod as never;
    },
    event(short) {
      const full = member("event", short);
      draft.events.add(full);
      const event: PluginEvent = { event: full, emit: (payload, options) => env.server()?.broadcast(full, payload, options) ?? 0 };
      return event as never;
    },
    call(method, params) {
      const server = env.server();
      if (!server) return Promise.reject(new Error(`api.call(${method}): no running gateway (dry run)`));
      return server.callMethod(method, params, pluginContext.getStore()?.caller ?? pluginSelfContext(name)) as Promise<never>;
    },
    fail: pluginFailure,
    onStop(fn) {
      if (typeof fn !== "function") throw fail("onStop needs a function");
      draft.stops.push(fn);
    },
    onNodeEvent(fn) {
      if (typeof fn !== "function") throw fail("onNodeEvent needs a function");
      // Runs in the plugin's async context; a throw or rejection is the plugin's, logged, never the gateway's.
      draft.nodeEventListeners.push((event) => {
        const failed = (error: unknown) => api.logger.error(`onNodeEvent (${event.event}) failed: ${(error as Error)?.message ?? String(error)}`);
        pluginContext.run({ plugin: name }, () => {
          try {
            const result = fn(event);
            if (result && typeof (result as Promise<void>).then === "function") (result as Promise<void>).then(undefined, failed);
          } catch (error) {
            failed(error);
          }
        });
      });
    },
    systemEvents,
    nodeSendToSession: (sessionKey, event, payload) => env.server()?.nodeSendToSession(sessionKey, event, payload) ?? 0,
  };
  try {
    // Timers and promises setup starts carry the plugin's scope (rejection attribution).
    await pluginContext.run({ plugin: name }, () => plugin.setup(api as never));
  } catch (error) {
    // Whatever setup started before it threw (timers, sockets) is stopped again.
    await runStopHooks(name, draft.stops, env.stopTimeoutMs, env.logger);
    if (PluginLoadError.isInstance(error)) throw error;
    throw new PluginLoadError("SETUP_FAILED", name, file, `setup threw: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
  return draft;
}
