import type { AuthMode, BindMode, ClawdConfig, GatewayLimitName, TailscaleMode } from "../config/config-schema.js";
import type { GatewayFlags } from "./flags.js";
import { type GatewayPortSource, resolveGatewayPort } from "./gateway-port.js";
import { secretFromEnv } from "../config/secrets.js";

/** What the gateway will run with, merged once: see resolveGatewaySettings for the order. */
export interface GatewaySettings {
  mode: "local" | "remote" | undefined;
  port: number;
  portSource: GatewayPortSource;
  bind: BindMode;
  customHost: string | undefined;
  auth: { mode: AuthMode; token: string | undefined; password: string | undefined; allowTailscale: boolean };
  tailscale: { mode: TailscaleMode; resetOnExit: boolean };
  /** gateway.trustedProxies: proxies whose forwarded headers count (none by default). */
  trustedProxies: string[];
  model: string | undefined;
  /** gateway.nodes as configured (the server applies its defaults). */
  nodes: { autoApproveLocal?: boolean; allowCommands?: string[]; denyCommands?: string[] };
  /** gateway.limits as configured: startGatewayServer options of the same names (the server applies its defaults). */
  limits: Partial<Record<GatewayLimitName, number>>;
}

/** The first value that is not `undefined`: the only merge rule, so an absent flag never erases. */
export function firstDefined<T>(...values: (T | undefined)[]): T | undefined {
  for (const value of values) if (value !== undefined) return value;
  return undefined;
}

/**
 * The one merge of CLI flags, environment and config (SPEC §2, §3). Pure: reads only its
 * arguments. A flag that was not given is `undefined` and never replaces a value.
 * Order: the port is `--port` → CLAWD_GATEWAY_PORT → gateway.port (SPEC §2); secrets are
 * `--token`/`--password` → gateway.auth.* → CLAWD_GATEWAY_TOKEN/PASSWORD: the environment is
 * a fallback for a config without a secret, so a variable left in a shell or a service
 * environment can never silently replace the secret the config holds (decided in issue 14;
 * the RPC commands use the same order, so the gateway and its clients agree).
 */
export function resolveGatewaySettings(config: ClawdConfig, flags: Partial<GatewayFlags>, env: NodeJS.ProcessEnv): GatewaySettings {
  const gateway = config.gateway ?? {};
  const { port, source: portSource } = resolveGatewayPort({ flag: flags.port, env, configPort: gateway.port });

  const token = firstDefined(flags.token, gateway.auth?.token, secretFromEnv(env, "TOKEN"));
  const password = firstDefined(flags.password, gateway.auth?.password, secretFromEnv(env, "PASSWORD"));
  const authMode: AuthMode = firstDefined(flags.auth, gateway.auth?.mode) ?? (password !== undefined ? "password" : token !== undefined ? "token" : "none");
  const tailscaleMode = firstDefined(flags.tailscale, gateway.tailscale?.mode) ?? "off";
  const allowTailscale = gateway.auth?.allowTailscale ?? (tailscaleMode === "serve" && authMode !== "password");

  return {
    mode: gateway.mode,
    port,
    portSource,
    bind: firstDefined(flags.bind, gateway.bind) ?? "loopback",
    customHost: firstDefined(flags.host, gateway.customBindHost),
    auth: { mode: authMode, token, password, allowTailscale },
    nodes: { ...gateway.nodes },
    limits: { ...gateway.limits },
    tailscale: {
      mode: tailscaleMode,
      resetOnExit: firstDefined(flags.tailscaleResetOnExit, gateway.tailscale?.resetOnExit) ?? false,
    },
    trustedProxies: gateway.trustedProxies ?? [],
    model: config.agents?.defaults?.model,
  };
}
