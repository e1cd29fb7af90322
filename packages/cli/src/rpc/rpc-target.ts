import { networkInterfaces } from "node:os";
import { isTailnetIPv4 } from "../gateway/bind.js";
import { CliError } from "../cli-error.js";
import type { ClawdConfig } from "../config/config-schema.js";
import { resolveGatewayPort } from "../gateway/gateway-port.js";
import { firstDefined } from "../gateway/gateway-settings.js";
import { secretFromEnv } from "../config/secrets.js";
import type { GatewayRuntime } from "../gateway/runtime-file.js";

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
  port?: number | undefined;
  token?: string | undefined;
  password?: string | undefined;
}

function firstTailnetAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) if (info.family === "IPv4" && !info.internal && isTailnetIPv4(info.address)) return info.address;
  }
  return undefined;
}

/** What an RPC command found about the local gateway: a running foreground one, an installed service. */
export interface LocalGatewayHints {
  servicePort?: number | undefined;
  running?: GatewayRuntime | undefined;
}

/**
 * The local gateway's URL, its port from the shared resolution (`--port` → CLAWD_GATEWAY_PORT →
 * running gateway → installed service → gateway.port → 18789), on loopback (tailnet IP for
 * bind=tailnet); a running gateway is dialled on the host it wrote.
 */
export function localTarget(
  config: ClawdConfig,
  env: NodeJS.ProcessEnv,
  ports: { flag?: number | undefined } & LocalGatewayHints = {},
): { url: string; source: string } {
  const { port, source: portSource } = resolveGatewayPort({
    flag: ports.flag,
    env,
    running: ports.running,
    servicePort: ports.servicePort,
    configPort: config.gateway?.port,
  });
  const from = `port from ${portSource}`;
  if (ports.running && port === ports.running.port && portSource.startsWith("running gateway")) {
    const host = ports.running.host.includes(":") ? `[${ports.running.host}]` : ports.running.host;
    return { url: `ws://${host}:${port}`, source: `local ${ports.running.host}, ${from}` };
  }
  const tailnet = config.gateway?.bind === "tailnet" ? firstTailnetAddress() : undefined;
  return tailnet
    ? { url: `ws://${tailnet}:${port}`, source: `local tailnet ${tailnet}, ${from}` }
    : { url: `ws://127.0.0.1:${port}`, source: `local loopback, ${from}` };
}

/**
 * Target resolution for RPC commands (upstream §2.9): `--url` → `--port` (local) →
 * `gateway.remote.url` in remote mode → local (`local`: a running foreground gateway, the installed service). Token: `--token` → remote token (remote mode) → `gateway.auth.token`
 * → env; password likewise.
 */
export function resolveRpcTarget(config: ClawdConfig, flags: RpcFlags, env: NodeJS.ProcessEnv, configPath: string, local: LocalGatewayHints = {}): RpcTarget {
  const gateway = config.gateway ?? {};
  const remote = gateway.mode === "remote" && flags.port === undefined;
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
    ({ url, source } = localTarget(config, env, { flag: flags.port, ...local }));
  }
  return {
    url,
    source,
    token: firstDefined(flags.token, remote ? gateway.remote?.token : undefined, gateway.auth?.token, secretFromEnv(env, "TOKEN")),
    password: firstDefined(flags.password, remote ? gateway.remote?.password : undefined, gateway.auth?.password, secretFromEnv(env, "PASSWORD")),
    configPath,
  };
}
