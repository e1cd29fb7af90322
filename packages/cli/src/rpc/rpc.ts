import { CliError, UsageError, errorMessage } from "../cli-error.js";
import { commandHint } from "../command-hint.js";
import type { ClawdConfig } from "../config/config-schema.js";
import { loadConfig } from "../config/config-store.js";
import { assertNoEmptyConfigSecret } from "../config/empty-secret.js";
import type { CommandContext } from "../context.js";
import type { CliDevice } from "./device-identity-store.js";
import { parsePort, parseTimeoutMs, readBoolean, readString, type RawOptions } from "../gateway/flags.js";
import { createOutput, type Output } from "../output/output.js";
import { withProgress } from "../output/progress.js";
import { resolvePaths } from "../config/paths.js";
import { type RpcFlags, type RpcTarget, resolveRpcTarget } from "./rpc-target.js";
import { installedServicePort } from "../service/service-context.js";

/** Default time limit for connect + request of one RPC command. */
export const RPC_TIMEOUT_MS = 10_000;

/** Parsed RPC flags plus the config they fall back to. */
export interface RpcSetup {
  flags: RpcFlags;
  timeoutMs: number;
  json: boolean;
  config: ClawdConfig;
  configPath: string;
  /** The installed service's port, looked up only when neither --url nor --port is given. */
  servicePort: number | undefined;
  warnings: string[];
}

/**
 * Reads the RPC flags and the config. An invalid config does not block RPC commands (they
 * are how you inspect a broken setup); it is reported as a warning and ignored.
 */
export async function setupRpc(ctx: CommandContext, options: RawOptions, defaultTimeoutMs = RPC_TIMEOUT_MS): Promise<RpcSetup> {
  const rawTimeout = readString(options, "timeout", "--timeout");
  const url = readString(options, "url", "--url");
  if (url !== undefined && !/^wss?:\/\/\S+$/.test(url)) throw new UsageError(`Invalid --url "${url}" (use ws://host:port or wss://host).`);
  const rawPort = readString(options, "port", "--port");
  const port = rawPort === undefined ? undefined : parsePort(rawPort);
  if (url !== undefined && port !== undefined) throw new UsageError("Use --url or --port, not both (--port means ws://127.0.0.1:<port>).");
  const flags: RpcFlags = { url, port, token: readString(options, "token", "--token"), password: readString(options, "password", "--password") };
  const timeoutMs = rawTimeout === undefined ? defaultTimeoutMs : parseTimeoutMs(rawTimeout);
  const paths = resolvePaths(ctx.profile, ctx.env);
  const load = await loadConfig(paths.configPath);
  const warnings: string[] = [];
  if (load.state === "invalid") assertNoEmptyConfigSecret(load.raw, paths.configPath);
  if (load.state === "invalid") warnings.push(`Config invalid (${paths.configPath}); ignoring it. Run ${commandHint(ctx.profile, "doctor")}.`);
  const config = load.state === "invalid" ? {} : load.config;
  const servicePort = url === undefined && port === undefined ? await installedServicePort(paths, ctx.env) : undefined;
  return { flags, timeoutMs, json: readBoolean(options, "json") ?? false, config, configPath: paths.configPath, servicePort, warnings };
}

/**
 * One RPC: connect, send `method`, close. The whole exchange shares `timeoutMs`. With
 * `device`, the CLI connects as that device (signed) and keeps the token the gateway hands it;
 * without a shared secret it authenticates with that token.
 */
export async function callGateway(target: RpcTarget, method: string, params: unknown, timeoutMs: number, device?: CliDevice): Promise<{ result: unknown; latencyMs: number }> {
  const { connectGateway } = await import("@clawd/gateway-client");
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gateway timeout after ${timeoutMs}ms`)), timeoutMs);
  });
  let client: Awaited<ReturnType<typeof connectGateway>> | undefined;
  let saving: Promise<void> = Promise.resolve();
  const token = target.token ?? (target.password ? undefined : device?.token("operator"));
  const exchange = (async () => {
    client = await connectGateway({
      url: target.url,
      ...(token ? { token } : {}),
      ...(device ? { device: device.signer, onDeviceToken: (auth) => void (saving = device.saveToken(auth)) } : {}),
      ...(target.password ? { password: target.password } : {}),
      clientName: "cli",
      mode: "cli",
      timeoutMs,
      reconnect: false,
    });
    const latencyMs = Math.round(performance.now() - started);
    const result = await client.request(method, params, { timeoutMs });
    await saving;
    return { result, latencyMs };
  })();
  try {
    return await Promise.race([exchange, deadline]);
  } finally {
    clearTimeout(timer);
    exchange.catch(() => undefined);
    await client?.close().catch(() => undefined);
  }
}

/** The error for a failed RPC: what failed, then the target details and a hint worded for `profile`. */
export function rpcFailure(what: string, err: unknown, target: RpcTarget, profile: string | undefined): CliError {
  const message = errorMessage(err);
  const lines = [`${what}: ${message}`, `Gateway target: ${target.url}`, `Source: ${target.source}`, `Config: ${target.configPath}`];
  if (/ECONNREFUSED|1006|connect|closed/i.test(message) && target.source.startsWith("local")) {
    lines.push(
      target.source.includes("installed service")
        ? `Is the service running? Check it with: ${commandHint(profile, "gateway status")} (start it with: ${commandHint(profile, "gateway start")})`
        : `${message.includes("is the gateway running?") ? "" : "Is the gateway running? "}Start it with: ${commandHint(profile, "gateway")}`,
    );
  }
  const requestId = (err as { details?: { requestId?: unknown } }).details?.requestId;
  if (/pairing required/.test(message)) {
    lines.push(`This CLI is a new device for that gateway${typeof requestId === "string" ? ` (request ${requestId})` : ""}; approve it from a paired operator: ${commandHint(profile, `devices approve ${typeof requestId === "string" ? requestId : "<requestId>"}`)}`);
  } else if (/unauthori[sz]ed|token|password/i.test(message)) lines.push("Pass --token/--password, or set gateway.auth.token / CLAWD_GATEWAY_TOKEN.");
  return new CliError(lines);
}

/** An RPC command's common start: flags and config, warnings printed, one call; a failure becomes `rpcFailure(what, …)`. */
export async function runRpc(
  ctx: CommandContext, options: RawOptions, method: string, params: unknown, what: string, rpc: { asDevice?: boolean } = {},
): Promise<{ setup: RpcSetup; out: Output; result: unknown }> {
  const setup = await setupRpc(ctx, options);
  const out = createOutput({ env: ctx.env });
  for (const w of setup.warnings) out.warn(w);
  const target = resolveRpcTarget(setup.config, setup.flags, ctx.env, setup.configPath, setup.servicePort);
  const device = rpc.asDevice ? await (await import("./device-identity-store.js")).loadCliDevice(resolvePaths(ctx.profile, ctx.env).stateDir) : undefined;
  try {
    const { redactSecrets } = await import("@clawd/ports");
    const { result } = await withProgress(`waiting for the gateway at ${redactSecrets(target.url)}`, () => callGateway(target, method, params, setup.timeoutMs, device), { quiet: setup.json });
    return { setup, out, result };
  } catch (err) {
    throw rpcFailure(what, err, target, ctx.profile);
  }
}
