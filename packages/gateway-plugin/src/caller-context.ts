// Whose code is running, per async chain: the plugin (so an unhandled rejection is logged under
// its name — Node runs unhandledRejection handlers in the rejected promise's async context) and,
// inside a method, the caller (so `api.call` acts with that caller's role and scopes).
import { AsyncLocalStorage } from "node:async_hooks";
import type { MethodContext } from "@clawd/gateway-server";

/** The plugin running, and the request it is handling if any. */
export interface PluginScope {
  plugin: string;
  caller?: MethodContext;
}

/** The current plugin scope, per async chain (timers and promises started by plugin code inherit it). */
export const pluginContext = new AsyncLocalStorage<PluginScope>();

/** The identity `api.call` uses outside any request (timers, setup): the plugin itself, as admin — plugins are trusted code. */
export function pluginSelfContext(plugin: string): MethodContext {
  return {
    connId: `plugin:${plugin}`,
    role: "operator",
    scopes: ["operator.admin"],
    remoteAddress: "in-process",
    authMethod: "plugin",
    client: { id: `plugin:${plugin}`, mode: "plugin", version: "0", platform: process.platform },
  };
}
