import { isLoopbackHost } from "../gateway/bind.js";
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
import { type GatewayRuntime, readLiveGatewayRuntime } from "../gateway/runtime-file.js";

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
  /** A live foreground gateway of this profile (its runtime file), looked up likewise. */
  running: GatewayRuntime | undefined;
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
  if (load.state === "invalid") assertNoEmptyConfigSecret(load.raw, paths.configPath, ctx.profile);
  if (load.state === "invalid") warnings.push(`Config invalid (${paths.configPath}); ignoring it. Run ${commandHint(ctx.profile, "doctor")}.`);
  const config = load.state === "invalid" ? {} : load.config;
  const lookLocal = url === undefined && port === undefined;
  const servicePort = lookLocal ? await installedServicePort(paths, ctx.env) : undefined;
  const running = lookLocal ? await readLiveGatewayRuntime(paths.stateDir) : undefined;
  return { flags, timeoutMs, json: readBoolean(options, "json") ?? false, config, configPath: paths.configPath, servicePort, running, warnings };
}

/**
 * Which device a command connects as. With `use: "always"` (commands that need a paired
 * device) it is this CLI's device, created on first use. Otherwise the CLI still connects as
 * its device when the target is on loopback, as the original's CLI always does: the gateway's
 * failed-auth throttle then counts this CLI against its own device — which no other local
 * process can claim, while any of them can send the client id "cli" — and local devices pair
 * without asking. That use is optional: an unreadable identity only warns, and a gateway that
 * does not pair local devices silently (NOT_PAIRED) gets the same connect without the device.
 */
export interface ConnectAs {
  device: CliDevice | undefined;
  optional: boolean;
}

/** Whether a ws:// or wss:// URL points at this machine's loopback. */
function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** One load per state dir and process: parallel probes must not each create an identity. */
const devicesByStateDir = new Map<string, Promise<CliDevice>>();

function cliDevice(stateDir: string, profile: string | undefined): Promise<CliDevice> {
  let loading = devicesByStateDir.get(stateDir);
  if (!loading) {
    loading = import("./device-identity-store.js").then((m) => m.loadCliDevice(stateDir, profile));
    devicesByStateDir.set(stateDir, loading);
    loading.catch(() => devicesByStateDir.delete(stateDir));
  }
  return loading;
}

/** This CLI's device for `target` (see ConnectAs); `warn` gets why an optional device is left out. */
export async function connectAs(ctx: CommandContext, target: RpcTarget, use: "always" | "when-local", warn: (message: string) => void): Promise<ConnectAs> {
  if (use === "when-local" && !isLoopbackUrl(target.url)) return { device: undefined, optional: true };
  const stateDir = resolvePaths(ctx.profile, ctx.env).stateDir;
  if (use === "always") return { device: await cliDevice(stateDir, ctx.profile), optional: false };
  try {
    return { device: await cliDevice(stateDir, ctx.profile), optional: true };
  } catch (err) {
    warn(`${errorMessage(err).split("\n")[0]}; connecting without this CLI's device identity.`);
    return { device: undefined, optional: true };
  }
}

type GatewayClient = Awaited<ReturnType<typeof import("@clawd/gateway-client").connectGateway>>;

/**
 * Connects as the CLI (client "cli"): with `as.device`, signed and keeping the token the
 * gateway hands it; without a shared secret it authenticates with that token. `onSaving`
 * gets the pending token write.
 */
export async function connectCli(
  target: RpcTarget,
  timeoutMs: number,
  as: ConnectAs,
  onSaving: (saving: Promise<void>) => void = () => undefined,
): Promise<GatewayClient> {
  const { connectGateway } = await import("@clawd/gateway-client");
  const attempt = (device: CliDevice | undefined) => {
    const token = target.token ?? (target.password ? undefined : device?.token("operator"));
    return connectGateway({
      url: target.url,
      ...(token ? { token } : {}),
      ...(device ? { device: device.signer, onDeviceToken: (auth) => onSaving(device.saveToken(auth)) } : {}),
      ...(target.password ? { password: target.password } : {}),
      clientName: "cli",
      mode: "cli",
      timeoutMs,
      reconnect: false,
    });
  };
  if (!as.device || !as.optional) return attempt(as.device);
  try {
    return await attempt(as.device);
  } catch (err) {
    if ((err as { code?: unknown }).code !== "NOT_PAIRED") throw err;
    return attempt(undefined);
  }
}

/**
 * One RPC: connect (see connectCli), send `method`, close. The whole exchange shares
 * `timeoutMs`. `as` defaults to no device.
 */
export async function callGateway(
  target: RpcTarget,
  method: string,
  params: unknown,
  timeoutMs: number,
  as: ConnectAs = { device: undefined, optional: true },
): Promise<{ result: unknown; latencyMs: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gateway timeout after ${timeoutMs}ms`)), timeoutMs);
  });
  let client: GatewayClient | undefined;
  let saving: Promise<void> = Promise.resolve();
  const exchange = (async () => {
    client = await connectCli(target, timeoutMs, as, (s) => void (saving = s));
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
    lines.push(
      `This CLI is a new device for that gateway${typeof requestId === "string" ? ` (request ${requestId})` : ""}; approve it from a paired operator: ${commandHint(profile, `devices approve ${typeof requestId === "string" ? requestId : "<requestId>"}`)}`,
    );
  } else if (/unauthori[sz]ed|token|password/i.test(message)) lines.push("Pass --token/--password, or set gateway.auth.token / CLAWD_GATEWAY_TOKEN.");
  return new CliError(lines);
}

/** An RPC command's common start: flags and config, warnings printed, one call; a failure becomes `rpcFailure(what, …)`. */
export async function runRpc(
  ctx: CommandContext,
  options: RawOptions,
  method: string,
  params: unknown,
  what: string,
  rpc: { asDevice?: boolean } = {},
): Promise<{ setup: RpcSetup; out: Output; result: unknown }> {
  const setup = await setupRpc(ctx, options);
  const out = createOutput({ env: ctx.env });
  for (const w of setup.warnings) out.warn(w);
  const target = resolveRpcTarget(setup.config, setup.flags, ctx.env, setup.configPath, setup);
  const as = await connectAs(ctx, target, rpc.asDevice ? "always" : "when-local", (m) => out.warn(m));
  try {
    const { redactSecrets } = await import("@clawd/ports");
    const { result } = await withProgress(
      `waiting for the gateway at ${redactSecrets(target.url)}`,
      () => callGateway(target, method, params, setup.timeoutMs, as),
      { quiet: setup.json },
    );
    return { setup, out, result };
  } catch (err) {
    throw rpcFailure(what, err, target, ctx.profile);
  }
}
