// The public surface of @clawd/cli: the pure pieces the bin is built from, for tools and
// tests that want the same rules (paths, config schema, merge, bind and auth decisions).
export { decideAuth, type ServerAuth } from "./auth.js";
export { type BindEnvironment, type BindPlan, isLoopbackHost, isTailnetIPv4, resolveBindHosts, wsUrl } from "./bind.js";
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
} from "./config-schema.js";
export { loadConfig, updateConfig, writeConfigAtomic } from "./config-store.js";
export { DEFAULT_GATEWAY_PORT, DEV_GATEWAY_PORT } from "./default-ports.js";
export { type GatewayFlags, parseGatewayFlags } from "./flags.js";
export { firstDefined, type GatewaySettings, resolveGatewaySettings } from "./gateway-settings.js";
export { GATEWAY_MALLOC_ARENA_MAX, GATEWAY_MAX_SEMI_SPACE_MB, type GatewayTuning, gatewayTuning, planGatewayReexec } from "./gateway-tuning.js";
export { type ProfilePaths, resolvePaths } from "./paths.js";
export { generateToken } from "./token.js";
export { VERSION } from "./version.js";
