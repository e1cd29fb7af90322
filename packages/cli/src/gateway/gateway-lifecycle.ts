import { commandHint } from "../command-hint.js";
import type { PluginHost } from "@clawd/gateway-plugin/host";
import { type GatewayServer, type HttpRoute, MAX_CONNECTIONS } from "@clawd/gateway-server";
import { wsUrl } from "./bind.js";
import { CliError, errorMessage } from "../cli-error.js";
import { loadDashboardRoute } from "./dashboard-route.js";
import { httpBaseFromWsUrl } from "./dashboard-url.js";
import type { GatewayPlan } from "./gateway-plan.js";
import type { Output } from "../output/output.js";
import type { ProfilePaths } from "../config/paths.js";
import { shortenHome } from "../config/paths.js";
import { openFilesLimit, openFilesWarning } from "./open-files.js";
import { attachPlugins, preparePlugins } from "../plugins/plugin-runtime.js";
import { SERVICE_KIND_ENV, serviceNames } from "../service/service-names.js";
import { Tailscale } from "./tailscale.js";
import { VERSION } from "../version.js";

/** How long clients are told to wait before reconnecting after an in-process restart. */
export const RESTART_EXPECTED_MS = 1500;

/** A running gateway plus what must be undone when it stops. */
export interface RunningGateway {
  server: GatewayServer;
  plan: GatewayPlan;
  tailscale: Tailscale | undefined;
  plugins: PluginHost | undefined;
}

/** What the running gateway can ask of the command that runs it. */
export interface GatewayHooks {
  /** Restart in-process (re-reading the config), e.g. after config.apply changed the port. */
  requestRestart(why: string): void;
}

/** Starts the server for a plan and prints SPEC §3 step 7's lines (then Tailscale's). */
export async function startGateway(plan: GatewayPlan, paths: ProfilePaths, out: Output, hooks?: GatewayHooks): Promise<RunningGateway> {
  const { startGatewayServer } = await import("@clawd/gateway-server");
  const { settings } = plan;
  const tailscale = settings.tailscale.mode !== "off" || settings.auth.allowTailscale ? new Tailscale() : undefined;
  // Loaded while the server starts listening (WebSocket clients never wait for the page);
  // requests for it before it is ready fall through to 404.
  const loadingDashboard = loadDashboardRoute();
  let dashboardRoute: HttpRoute | undefined;
  const prepared = await preparePlugins(plan.plugins, paths, out);
  // Every socket is a file descriptor: say so now rather than fail with EMFILE at connection ~1,000.
  const serviceKind = process.env[SERVICE_KIND_ENV];
  const service = serviceKind ? { kind: serviceKind, name: serviceNames(paths.profile)[serviceKind === "launchd" ? "launchd" : "systemd"] } : undefined;
  const fdWarning = openFilesWarning(settings.limits.maxConnections ?? MAX_CONNECTIONS, openFilesLimit(), service);
  if (fdWarning) out.warn(fdWarning);
  let server: GatewayServer;
  try {
    server = await startGatewayServer({
      port: settings.port,
      hosts: plan.bind.hosts,
      auth: plan.auth,
      trustedProxies: settings.trustedProxies,
      // `tailscale serve|funnel` proxies from loopback: trust it for its own identity headers only.
      tailscaleProxy: settings.tailscale.mode !== "off",
      ...(tailscale && settings.auth.allowTailscale
        ? { verifyIdentity: (headers: Record<string, string>, tailnetAddress: string) => tailscale.verifyIdentity(headers, tailnetAddress) }
        : {}),
      version: VERSION,
      httpRoute: (request) => dashboardRoute?.(request),
      logFile: paths.logFile,
      configPath: paths.configPath,
      stateDir: paths.stateDir,
      nodes: settings.nodes,
      // gateway.limits: same names as the server's options; unset keys keep its defaults.
      ...settings.limits,
      // The server's own info lines repeat what step 7 prints in SPEC order; keep them for --verbose.
      // --verbose: connections, handshakes and requests too (SPEC §3; issue 14 defect 6).
      logger: { verbose: out.verbose, debug: out.debug, info: out.debug, warn: out.warn, error: out.error },
    });
  } catch (err) {
    await prepared?.discard();
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
      const { explainPortInUse } = await import("@clawd/ports");
      const explanation = await explainPortInUse(settings.port);
      throw new CliError(explanation.text.split("\n"));
    }
    throw new CliError([
      `Gateway failed to start: ${errorMessage(err)}`,
      `Run ${commandHint(paths.profile, "doctor")} to check the transport, config and port.`,
    ]);
  }
  const { registerConfigMethods } = await import("../config-rpc/methods.js");
  registerConfigMethods((name, handler, options) => server.registerMethod(name, handler, options), {
    configPath: paths.configPath,
    version: VERSION,
    scheduleRestart: (reason, delayMs) => {
      out.info(`${reason} changed settings that need a restart; restarting in ${delayMs}ms`);
      setTimeout(() => hooks?.requestRestart(reason), delayMs).unref();
    },
  });
  let plugins: PluginHost | undefined;
  try {
    if (prepared) plugins = await attachPlugins(prepared, server, paths, out);
  } catch (err) {
    // A plugin that cannot load stops the start: nothing keeps listening half-configured.
    await server.close({ reason: "gateway stopping" });
    throw err;
  }
  out.success(`agent model: ${settings.model ?? "none"}`);
  for (const host of plan.bind.displayHosts) out.success(`listening on ${wsUrl(host, server.port)} (PID ${process.pid})`);
  out.success(`log file: ${shortenHome(paths.logFile, paths.home)}`);
  out.info(`transport: ${server.transport} (${server.transportDetail})`);
  const dashboard = await loadingDashboard;
  dashboardRoute = dashboard.route;
  const first = plan.bind.displayHosts[0];
  if (dashboard.route && first)
    out.info(`dashboard: ${httpBaseFromWsUrl(wsUrl(first, server.port))} (${commandHint(paths.profile, "dashboard")} opens it signed in)`);
  else out.debug(`dashboard not served: ${dashboard.reason ?? "no listening host"}`);
  if (tailscale && settings.tailscale.mode !== "off") await exposeViaTailscale(tailscale, settings.tailscale.mode, server.port, out);
  return { server, plan, tailscale, plugins };
}

async function exposeViaTailscale(tailscale: Tailscale, mode: "serve" | "funnel", port: number, out: Output): Promise<void> {
  try {
    const host = await tailscale.hostname();
    out.success("Tailscale identity detected");
    await tailscale.expose(mode, port);
    if (mode === "serve") {
      out.success("advertising gateway via Tailscale Serve");
      out.success(`MagicDNS: https://${host}`);
    } else {
      out.success("Tailscale Funnel enabled");
      out.success(`Funnel URL: https://${host}:443`);
    }
  } catch (err) {
    // The gateway itself is up; exposure is best effort, as upstream does.
    out.warn(`Tailscale ${mode} failed: ${errorMessage(err)}`);
  }
}

/** Closes the server (broadcasting `shutdown`) and removes our Tailscale mapping if asked to. */
export async function stopGateway(running: RunningGateway, out: Output, restart: boolean): Promise<void> {
  // Plugins stop first, while they can still emit a last event to connected clients.
  await running.plugins?.stop();
  await running.server.close({
    reason: restart ? "gateway restarting" : "gateway stopping",
    restartExpectedMs: restart ? RESTART_EXPECTED_MS : null,
  });
  if (!restart) await releaseTailscale(running, out);
}

/**
 * Removes our Tailscale mapping when the config asks for it on exit: part of a final stop, and
 * on its own when a stop arrives while a restart had already stopped the gateway.
 */
export async function releaseTailscale(running: RunningGateway, out: Output): Promise<void> {
  const { tailscale: ts, plan } = running;
  const mode = plan.settings.tailscale.mode;
  if (ts && mode !== "off" && plan.settings.tailscale.resetOnExit) {
    try {
      await ts.unexpose(mode);
      out.info(`Tailscale ${mode} mapping removed`);
    } catch (err) {
      out.warn(`Tailscale ${mode} cleanup failed: ${errorMessage(err)}`);
    }
  }
}
