export { loadPlugins, PLUGINS_LIST_METHOD, preparePluginSet } from "./plugin-host.js";
export type { LoadedPlugin, PluginEntry, PluginHost, PluginHostOptions, PreparedPlugins } from "./plugin-host.js";
export { checkPlugins, type PluginCheck } from "./dry-run.js";
export { PluginLoadError, type PluginLoadErrorCode } from "./plugin-load-error.js";
export { resolvePluginModule, PLUGIN_NAME_PATTERN } from "./plugin-module.js";
export { PLUGIN_MEMBER_PATTERN, type PluginServer } from "./plugin-setup.js";
export { PLUGIN_STOP_TIMEOUT_MS } from "./stop-hooks.js";
