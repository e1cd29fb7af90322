// Which request a piece of plugin code is running for: `api.call` made inside a handler
// (however deep in its async chain) acts with that caller's role and scopes.
import { AsyncLocalStorage } from "node:async_hooks";
import type { MethodContext } from "@clawd/gateway-server";

/** The caller of the plugin method currently running, per async chain. */
export const callerContext = new AsyncLocalStorage<MethodContext>();

/** The identity `api.call` uses outside any request (timers, setup): the plugin itself, as admin — plugins are trusted code. */
export function pluginSelfContext(plugin: string): MethodContext {
  return {
    connId: `plugin:${plugin}`, role: "operator", scopes: ["operator.admin"], remoteAddress: "in-process", authMethod: "plugin",
    client: { id: `plugin:${plugin}`, mode: "plugin", version: "0", platform: process.platform },
  };
}
