// `clawd status`: one screen about this profile's gateway — service, RPC probe, versions,
// transport, bind/auth, config and log paths, last error — or the same as one JSON object.
import { errorMessage } from "../cli-error.js";
import { commandHint } from "../command-hint.js";
import type { CommandRun } from "../context.js";
import { resolveGatewayPort } from "../gateway/gateway-port.js";
import { resolveGatewaySettings } from "../gateway/gateway-settings.js";
import { createOutput } from "../output/output.js";
import { withProgress } from "../output/progress.js";
import { resolvePaths, shortenHome } from "../config/paths.js";
import { setupRpc } from "../rpc/rpc.js";
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
  error?: string;
}

export const run: CommandRun = async (ctx, _args, options) => {
  const setup = await setupRpc(ctx, options);
  const out = createOutput({ env: ctx.env });
  for (const w of setup.warnings) out.warn(w);
  const paths = resolvePaths(ctx.profile, ctx.env);
  const target = resolveRpcTarget(setup.config, setup.flags, ctx.env, setup.configPath, setup.servicePort);
  const { redactSecrets } = await import("@clawd/ports");
  const [service, gateway] = await withProgress(
    `waiting for the gateway at ${redactSecrets(target.url)}`,
    () => Promise.all([inspectService(ctx.profile, ctx.env, setup.config), probe(target, setup.timeoutMs)]),
    { quiet: setup.json },
  );
  const settings = resolveGatewaySettings(setup.config, {}, ctx.env);
  const port = resolveGatewayPort({ flag: setup.flags.port, env: ctx.env, servicePort: setup.servicePort, configPort: setup.config.gateway?.port });
  const report = {
    cli: { version: VERSION, node: process.versions.node },
    service: service.unavailable ? { unavailable: service.unavailable } : { kind: service.kind, file: service.file, ...(service.status ?? {}) },
    gateway: { ...gateway, url: redactSecrets(gateway.url), ...(gateway.error ? { error: redactSecrets(gateway.error) } : {}) },
    mode: settings.mode ?? null,
    port: { value: port.port, source: port.source },
    bind: settings.bind,
    auth: settings.auth.mode,
    configPath: paths.configPath,
    logFile: paths.logFile,
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
      `  Port:      ${port.port} (${port.source})   Bind: ${settings.bind}   Auth: ${settings.auth.mode}   Mode: ${settings.mode ?? "unset"}`,
      `  Config:    ${short(paths.configPath)}`,
      `  Log:       ${short(paths.logFile)}   (${commandHint(ctx.profile, "logs -f")})`,
      ...(service.lastError ? [`  Last error: ${service.lastError}`] : []),
    ].join("\n"),
  );
  return 0;
};

async function probe(target: ReturnType<typeof resolveRpcTarget>, timeoutMs: number): Promise<GatewayProbe> {
  const started = performance.now();
  let client: Awaited<ReturnType<typeof import("@clawd/gateway-client").connectGateway>> | undefined;
  try {
    const { connectGateway } = await import("@clawd/gateway-client");
    client = await connectGateway({
      url: target.url, ...(target.token ? { token: target.token } : {}), ...(target.password ? { password: target.password } : {}),
      clientName: "cli", mode: "cli", timeoutMs, reconnect: false,
    });
    const latencyMs = Math.round(performance.now() - started);
    const result = (await client.request("status", undefined, { timeoutMs })) as { gateway?: { transport?: string; connections?: number } };
    return { url: target.url, ok: true, latencyMs, version: client.hello.server?.version, transport: result.gateway?.transport, connections: result.gateway?.connections };
  } catch (err) {
    return { url: target.url, ok: false, error: errorMessage(err) };
  } finally {
    await client?.close().catch(() => undefined);
  }
}
