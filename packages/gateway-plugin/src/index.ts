export { definePlugin } from "./define-plugin.js";
export type {
  EmitOptions,
  GatewayPlugin,
  MethodSpec,
  PluginApi,
  PluginCaller,
  PluginErrorCode,
  PluginEvent,
  PluginLogger,
  PluginMethod,
  PluginMethodScope,
  PluginNodeEvent,
  PluginSystemEvent,
  PluginSystemEvents,
} from "./define-plugin.js";
export type { SchemaInput, SchemaOutput, StandardIssue, StandardResult, StandardSchema } from "./standard-schema.js";
