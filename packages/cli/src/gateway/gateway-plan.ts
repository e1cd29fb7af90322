import { decideServerAuth, type ServerAuth } from "./auth.js";
import { type BindEnvironment, type BindPlan, resolveBindHosts, systemBindEnvironment } from "./bind.js";
import { CliError } from "../cli-error.js";
import { commandHint } from "../command-hint.js";
import type { ClawdConfig } from "../config/config-schema.js";
import { loadValidConfig } from "../config/config-store.js";
import type { GatewayFlags } from "./flags.js";
import { type GatewaySettings, resolveGatewaySettings } from "./gateway-settings.js";
import type { ProfilePaths } from "../config/paths.js";
import type { PluginEntry } from "@clawd/gateway-plugin/host";
import { pluginEntries } from "../plugins/plugin-entries.js";

/** Everything decided before the gateway touches the network. */
export interface GatewayPlan {
  config: ClawdConfig;
  configExists: boolean;
  settings: GatewaySettings;
  bind: BindPlan;
  auth: ServerAuth;
  /** The config's plugins, then `--plugin` flags. */
  plugins: PluginEntry[];
}

/**
 * SPEC §3 steps 1, 3 and 4 as one pure-ish pipeline (it reads the config file and probes
 * addresses, nothing else): config → merged settings → mode guard → bind → auth. Used for
 * the first start and again for every in-process restart.
 */
export async function planGateway(
  paths: ProfilePaths,
  flags: GatewayFlags,
  env: NodeJS.ProcessEnv,
  bindEnv: BindEnvironment = systemBindEnvironment,
): Promise<GatewayPlan> {
  const load = await loadValidConfig(paths.configPath, paths.profile);
  return planFromConfig(load.config, load.state === "ok", paths, flags, env, bindEnv);
}

/**
 * The same plan for a config given in memory: `--dev --reset` plans against the config it is
 * about to write, so every check that can refuse runs before anything is deleted.
 */
export async function planFromConfig(
  config: ClawdConfig,
  configExists: boolean,
  paths: ProfilePaths,
  flags: GatewayFlags,
  env: NodeJS.ProcessEnv,
  bindEnv: BindEnvironment = systemBindEnvironment,
): Promise<GatewayPlan> {
  const load = { config, state: configExists ? "ok" : "missing" };
  const settings = resolveGatewaySettings(load.config, flags, env);
  if (!flags.allowUnconfigured && !flags.dev && settings.mode !== "local") {
    throw new CliError([
      `Gateway start blocked: set gateway.mode=local (current: ${settings.mode ?? "unset"}) or pass --allow-unconfigured.`,
      `Fix: ${commandHint(paths.profile, "config set gateway.mode local")}   (or run ${commandHint(paths.profile, "onboard")})`,
      `Config: ${paths.configPath}${load.state === "missing" ? " (does not exist yet)" : ""}`,
    ]);
  }
  const authConfigured = settings.auth.mode !== "none";
  const bind = await resolveBindHosts(settings.bind, { customHost: settings.customHost, authConfigured, profile: paths.profile }, bindEnv);
  const auth = decideServerAuth(settings, bind);
  return { config: load.config, configExists: load.state === "ok", settings, bind, auth, plugins: pluginEntries(load.config, flags.plugins, process.cwd()) };
}
