import { networkInterfaces } from "node:os";
import { isTailnetIPv4 } from "./bind.js";
import { CliError } from "./cli-error.js";
import type { ClawdConfig } from "./config-schema.js";
import { DEFAULT_GATEWAY_PORT } from "./default-ports.js";
import { parsePort } from "./flags.js";
import { firstDefined } from "./gateway-settings.js";
import { secretFromEnv } from "./secrets.js";

/** Where an RPC command connects, with which credentials, and why that target. */
export interface RpcTarget {
  url: string;
  source: string;
  token: string | undefined;
  password: string | undefined;
  configPath: string;
}

/** The RPC flags shared by health, call, probe and status. */
export interface RpcFlags {
  url?: string | undefined;
  token?: string | undefined;
  password?: string | undefined;
}

function firstTailnetAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) if (info.family === "IPv4" && !info.internal && isTailnetIPv4(info.address)) return info.address;
  }
  return undefined;
}

/** The local gateway's URL: CLAWD_GATEWAY_PORT → gateway.port → 18789, on loopback (tailnet IP for bind=tailnet). */
export function localTarget(config: ClawdConfig, env: NodeJS.ProcessEnv): { url: string; source: string } {
  const envPort = env.CLAWD_GATEWAY_PORT?.trim();
  const port = envPort ? parsePort(envPort, "CLAWD_GATEWAY_PORT") : (config.gateway?.port ?? DEFAULT_GATEWAY_PORT);
  const tailnet = config.gateway?.bind === "tailnet" ? firstTailnetAddress() : undefined;
  return tailnet ? { url: `ws://${tailnet}:${port}`, source: `local tailnet ${tailnet}` } : { url: `ws://127.0.0.1:${port}`, source: "local loopback" };
}

/**
 * Target resolution for RPC commands (upstream §2.9): `--url` → `gateway.remote.url` in
 * remote mode → local. Token: `--token` → remote token (remote mode) → `gateway.auth.token`
 * → env; password likewise.
 */
export function resolveRpcTarget(config: ClawdConfig, flags: RpcFlags, env: NodeJS.ProcessEnv, configPath: string): RpcTarget {
  const gateway = config.gateway ?? {};
  const remote = gateway.mode === "remote";
  let url: string;
  let source: string;
  if (flags.url) {
    url = flags.url;
    source = "cli --url";
  } else if (remote) {
    if (!gateway.remote?.url) {
      throw new CliError([
        "gateway remote mode misconfigured: gateway.remote.url missing",
        `Config: ${configPath}`,
        "Fix: set gateway.remote.url, or set gateway.mode=local.",
      ]);
    }
    url = gateway.remote.url;
    source = "config gateway.remote.url";
  } else {
    ({ url, source } = localTarget(config, env));
  }
  return {
    url,
    source,
    token: firstDefined(flags.token, remote ? gateway.remote?.token : undefined, gateway.auth?.token, secretFromEnv(env, "TOKEN")),
    password: firstDefined(flags.password, remote ? gateway.remote?.password : undefined, gateway.auth?.password, secretFromEnv(env, "PASSWORD")),
    configPath,
  };
}
