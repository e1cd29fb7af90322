// `clawd status`: one screen about this profile's gateway — service, RPC probe, versions,
// transport, queued system events, bind/auth, config and log paths, dashboard URL, plugins, last
// error — or the same as one JSON object.
import type { LoadedPlugin } from "@clawd/gateway-plugin/host";
import { errorMessage } from "../cli-error.js";
import { commandHint } from "../command-hint.js";
import type { CommandRun } from "../context.js";
import { httpBaseFromWsUrl } from "../gateway/dashboard-url.js";
import { resolveGatewayPort } from "../gateway/gateway-port.js";
import { resolveGatewaySettings } from "../gateway/gateway-settings.js";
import { createOutput } from "../output/output.js";
import { withProgress } from "../output/progress.js";
import { resolvePaths, shortenHome } from "../config/paths.js";
import { describePlugin } from "../plugins/plugin-runtime.js";
import { type ConnectAs, connectAs, connectCli, setupRpc } from "../rpc/rpc.js";
import { resolveRpcTarget } from "../rpc/rpc-target.js";
import { describeRuntime } from "../service/service-context.js";
import { inspectService } from "../service/service-status.js";
import { VERSION } from "../version.js";

/** What the RPC probe learned: the gateway's own version and transport, or why it failed. */
interface GatewayProbe {
  url: string;
  ok: boolean;
  latencyMs?: number;
  version?: string;
  transport?: string;
  connections?: number;
  /** Queued system events per session (nodes' exec events, wake texts), when the gateway reports them. */
  systemEvents?: Record<string, number>;
  /** What `plugins.list` answered; [] when the gateway has no plugins (it then serves no such method). */
  plugins?: LoadedPlugin[];
  error?: string;
}

/** Plugins as the running gateway reports them (null: it was not reached), and those the config declares. */
interface PluginsReport {
  running: LoadedPlugin[] | null;
  declared: Array<{ module: string; enabled: boolean }>;
}

export const run: CommandRun = async (ctx, _args, options) => {
  const setup = await setupRpc(ctx, options);
  const out = createOutput({ env: ctx.env });
  for (const w of setup.warnings) out.warn(w);
  const paths = resolvePaths(ctx.profile, ctx.env);
  const target = resolveRpcTarget(setup.config, setup.flags, ctx.env, setup.configPath, setup);
  const { redactSecrets } = await import("@clawd/ports");
  const as = await connectAs(ctx, target, "when-local", (m) => out.warn(m));
  const [service, gateway] = await withProgress(
    `waiting for the gateway at ${redactSecrets(target.url)}`,
    () => Promise.all([inspectService(ctx.profile, ctx.env, setup.config), probe(target, setup.timeoutMs, as)]),
    { quiet: setup.json },
  );
  const settings = resolveGatewaySettings(setup.config, {}, ctx.env);
  const port = resolveGatewayPort({
    flag: setup.flags.port,
    env: ctx.env,
    running: setup.running,
    servicePort: setup.servicePort,
    configPort: setup.config.gateway?.port,
  });
  const plugins: PluginsReport = {
    running: gateway.ok ? (gateway.plugins ?? []) : null,
    declared: (setup.config.plugins ?? []).map((p) => ({ module: p.module, enabled: p.enabled !== false })),
  };
  const { plugins: _loaded, ...gatewayFacts } = gateway;
  const report = {
    cli: { version: VERSION, node: process.versions.node },
    service: service.unavailable ? { unavailable: service.unavailable } : { kind: service.kind, file: service.file, ...(service.status ?? {}) },
    gateway: { ...gatewayFacts, url: redactSecrets(gateway.url), ...(gateway.error ? { error: redactSecrets(gateway.error) } : {}) },
    mode: settings.mode ?? null,
    port: { value: port.port, source: port.source },
    bind: settings.bind,
    auth: settings.auth.mode,
    configPath: paths.configPath,
    logFile: paths.logFile,
    // Scheme, host and port of the gateway we dialled: never its query, fragment or userinfo,
    // where a secret may ride (`clawd dashboard` prints the signed-in link).
    dashboard: httpBaseFromWsUrl(target.url),
    plugins,
    lastError: service.lastError ?? null,
  };
  if (setup.json) {
    out.raw(JSON.stringify(report, null, 2));
    return 0;
  }
  const short = (p: string) => shortenHome(p, paths.home);
  const status = service.status;
  const serviceLine = service.unavailable
    ? `unavailable (${service.unavailable})`
    : status?.installed
      ? `${service.kind} (${status.loadedText}), ${describeRuntime(status)}`
      : `not installed (${commandHint(ctx.profile, "gateway install")} to run it in the background)`;
  const g = report.gateway;
  const gatewayLine = g.ok
    ? `✓ ${g.url} in ${g.latencyMs}ms — version ${g.version ?? "?"}, transport ${g.transport ?? "?"}, ${g.connections ?? "?"} connection(s)`
    : `✗ ${g.url}: ${g.error ?? "unreachable"}`;
  out.raw(
    [
      "Clawd status",
      `  CLI:       ${VERSION} (Node ${process.versions.node})`,
      `  Service:   ${serviceLine}`,
      `  Gateway:   ${gatewayLine}`,
      ...(g.ok && g.systemEvents ? [`  Events:    ${describeQueued(g.systemEvents)}`] : []),
      `  Port:      ${port.port} (${port.source})   Bind: ${settings.bind}   Auth: ${settings.auth.mode}   Mode: ${settings.mode ?? "unset"}`,
      `  Config:    ${short(paths.configPath)}`,
      `  Log:       ${short(paths.logFile)}   (${commandHint(ctx.profile, "logs -f")})`,
      `  Dashboard: ${report.dashboard}   (${commandHint(ctx.profile, "dashboard")} opens it signed in)`,
      ...pluginLines(plugins, ctx.profile),
      ...(service.lastError ? [`  Last error: ${service.lastError}`] : []),
    ].join("\n"),
  );
  return 0;
};

/** "3 queued (node 2, agent:main:main 1)", or "none queued". */
export function describeQueued(bySession: Record<string, number>): string {
  const sessions = Object.entries(bySession).filter(([, n]) => n > 0);
  const total = sessions.reduce((sum, [, n]) => sum + n, 0);
  return total === 0 ? "none queued" : `${total} queued (${sessions.map(([s, n]) => `${s} ${n}`).join(", ")})`;
}

/** The Plugins line(s): what the running gateway loaded, else what the config declares; none when there are none. */
function pluginLines(plugins: PluginsReport, profile: string | undefined): string[] {
  const label = "  Plugins:   ";
  if (plugins.running && plugins.running.length > 0) {
    return plugins.running.map((p, i) => `${i === 0 ? label : " ".repeat(label.length)}${describePlugin(p).replace(/^plugin /, "")}`);
  }
  const enabled = plugins.declared.filter((p) => p.enabled).length;
  if (enabled === 0) return [];
  const declared = `${enabled} declared in the config`;
  const check = `${commandHint(profile, "plugins list")} checks that they load`;
  return [`${label}${declared}, ${plugins.running ? "none loaded by the running gateway (restart it to load them)" : "not running"}; ${check}`];
}

async function probe(target: ReturnType<typeof resolveRpcTarget>, timeoutMs: number, as: ConnectAs): Promise<GatewayProbe> {
  const started = performance.now();
  let client: Awaited<ReturnType<typeof connectCli>> | undefined;
  let saving: Promise<void> = Promise.resolve();
  try {
    client = await connectCli(target, timeoutMs, as, (s) => void (saving = s));
    const latencyMs = Math.round(performance.now() - started);
    const result = (await client.request("status", undefined, { timeoutMs })) as {
      gateway?: { transport?: string; connections?: number; systemEvents?: Record<string, unknown[]> };
    };
    const queued = result.gateway?.systemEvents;
    // Only a gateway with plugins serves plugins.list: an error here means "none", not a failed probe.
    const plugins = (await client.request("plugins.list", undefined, { timeoutMs }).catch(() => [])) as LoadedPlugin[];
    await saving;
    return {
      url: target.url,
      ok: true,
      latencyMs,
      version: client.hello.server?.version,
      transport: result.gateway?.transport,
      connections: result.gateway?.connections,
      plugins,
      ...(queued
        ? { systemEvents: Object.fromEntries(Object.entries(queued).map(([session, lines]) => [session, Array.isArray(lines) ? lines.length : 0])) }
        : {}),
    };
  } catch (err) {
    return { url: target.url, ok: false, error: errorMessage(err) };
  } finally {
    await client?.close().catch(() => undefined);
  }
}
