// The public surface of @clawd/cli: the pure pieces the bin is built from, for tools and
// tests that want the same rules (paths, config schema, merge, bind and auth decisions).
export { decideServerAuth, type ServerAuth } from "./gateway/auth.js";
export { type BindEnvironment, type BindPlan, isLoopbackHost, isTailnetIPv4, resolveBindHosts, wsUrl } from "./gateway/bind.js";
export { CliError, EXIT_FAILURE, EXIT_USAGE, UsageError } from "./cli-error.js";
export {
  AUTH_MODES,
  BIND_MODES,
  type ClawdConfig,
  ConfigSchema,
  type ConfigIssue,
  GATEWAY_MODES,
  TAILSCALE_MODES,
  validateConfig,
} from "./config/config-schema.js";
export { loadConfig, updateConfig, writeConfigAtomic } from "./config/config-store.js";
export { DEFAULT_GATEWAY_PORT, DEV_GATEWAY_PORT } from "./gateway/default-ports.js";
export { type GatewayFlags, parseGatewayFlags } from "./gateway/flags.js";
export { firstDefined, type GatewaySettings, resolveGatewaySettings } from "./gateway/gateway-settings.js";
export { GATEWAY_MALLOC_ARENA_MAX, GATEWAY_MAX_SEMI_SPACE_MB, type GatewayTuning, gatewayTuning, planGatewayReexec } from "./gateway/gateway-tuning.js";
export { type ProfilePaths, resolvePaths } from "./config/paths.js";
export { generateToken } from "./gateway/token.js";
export { VERSION } from "./version.js";
