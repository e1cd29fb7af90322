// What every service command (install, start, stop, restart, uninstall, status) starts
// from: the profile's paths, the validated config, the port, and the platform's service.
import { type DaemonService, ServiceError, type ServiceSpec, type ServiceStatus } from "@clawd/daemon";
import { CliError } from "../cli-error.js";
import { commandHint } from "../command-hint.js";
import type { ClawdConfig } from "../config/config-schema.js";
import { loadValidConfig } from "../config/config-store.js";
import type { CommandContext } from "../context.js";
import { parsePort, readBoolean, readString, type RawOptions } from "../gateway/flags.js";
import { resolveGatewaySettings } from "../gateway/gateway-settings.js";
import { createOutput, type Output } from "../output/output.js";
import { type ProfilePaths, resolvePaths } from "../config/paths.js";
import { openGatewayService } from "./service-loader.js";

/** Everything a service command needs. */
export interface ServiceContext {
  paths: ProfilePaths;
  config: ClawdConfig;
  configState: "ok" | "missing";
  /** The port from --port, CLAWD_GATEWAY_PORT, gateway.port or the default. */
  port: number;
  service: DaemonService;
  /** Unit base name, launchd label or task name. */
  serviceName: string;
  out: Output;
  json: boolean;
  profile: string | undefined;
}

/** Resolves paths, config, port and the platform service for a service command. */
export async function setupServiceCommand(ctx: CommandContext, options: RawOptions): Promise<ServiceContext> {
  const paths = resolvePaths(ctx.profile, ctx.env);
  const json = readBoolean(options, "json") === true;
  const out = createOutput({ env: ctx.env });
  const load = await loadValidConfig(paths.configPath, ctx.profile);
  const rawPort = readString(options, "port", "--port");
  const settings = resolveGatewaySettings(load.config, { port: rawPort === undefined ? undefined : parsePort(rawPort) }, ctx.env);
  const { service, name } = await openGatewayService(paths, ctx.env);
  return { paths, config: load.config, configState: load.state, port: settings.port, service, serviceName: name, out, json, profile: ctx.profile };
}

/** The `--port` in an installed service's arguments, if any. */
export function portFromSpec(spec: ServiceSpec | null): number | undefined {
  if (!spec) return undefined;
  const args = spec.programArguments;
  const at = args.indexOf("--port");
  const value = at >= 0 ? args[at + 1] : undefined;
  const port = value === undefined ? Number.NaN : Number(value);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}

/** The port the installed service uses, else the configured one. */
export async function servicePort(sc: ServiceContext): Promise<number> {
  return portFromSpec(await sc.service.readInstalled()) ?? sc.port;
}

/**
 * The port of this profile's installed service, so RPC commands reach what `install --port N`
 * started; `undefined` when none is installed or services are unsupported here (never throws).
 */
export async function installedServicePort(paths: ProfilePaths, env: NodeJS.ProcessEnv): Promise<number | undefined> {
  try {
    const { service } = await openGatewayService(paths, env);
    return portFromSpec(await service.readInstalled());
  } catch {
    return undefined;
  }
}

/** Turns a daemon package's ServiceError (message + hints) into the CLI's error. */
export function asCliError(err: unknown): never {
  if (ServiceError.isInstance(err)) {
    // A daemon package may load its own copy of @clawd/daemon, so not instanceof.
    throw new CliError([err.message, ...err.hints]);
  }
  throw err;
}

/** Runs a service operation, converting expected failures to CLI errors. */
export async function serviceCall<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    return asCliError(err);
  }
}

/** "systemd service enabled", "LaunchAgent loaded", "Scheduled Task registered". */
export function describeRegistration(service: DaemonService, status: ServiceStatus): string {
  return `${service.kind === "systemd" ? "systemd service" : service.label} ${status.loadedText}`;
}

/** "running (PID 123)", "activating (auto-restart in 3s, restarts: 4)", "stopped (last exit 1)", "unknown". */
export function describeRuntime(status: ServiceStatus): string {
  if (status.state === "running") return `running${status.pid ? ` (PID ${status.pid})` : ""}`;
  if (status.autoRestart) {
    // Not "stopped": the manager will start it again (and it may keep failing).
    const { inMs, restarts } = status.autoRestart;
    const when = inMs === undefined ? "auto-restart pending" : `auto-restart in ${Math.ceil(inMs / 1000)}s`;
    return `activating (${when}${restarts === undefined ? "" : `, restarts: ${restarts}`})`;
  }
  const exit = status.lastExitStatus !== undefined ? ` (last exit ${status.lastExitStatus}${status.lastExitReason ? `, ${status.lastExitReason}` : ""})` : "";
  return `${status.state}${exit}`;
}

/** The error for a command that needs an installed service. */
export function notInstalledError(sc: ServiceContext): CliError {
  return new CliError([
    `The gateway service is not installed (${sc.service.label}: ${sc.service.filePath}).`,
    `Install it with: ${commandHint(sc.profile, "gateway install")}`,
    `Or run the gateway in the foreground: ${commandHint(sc.profile, "gateway")}`,
  ]);
}
