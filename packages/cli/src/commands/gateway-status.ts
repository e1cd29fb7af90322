import { commandHint } from "../command-hint.js";
import type { LoadedPlugin } from "@clawd/gateway-plugin/host";
import { errorMessage } from "../cli-error.js";
import { describePlugin } from "../plugins/plugin-runtime.js";
import type { CommandContext, CommandRun } from "../context.js";
import { readBoolean, readString, type RawOptions } from "../gateway/flags.js";
import { createOutput } from "../output/output.js";
import { callGateway, connectAs, setupRpc } from "../rpc/rpc.js";
import { resolveRpcTarget } from "../rpc/rpc-target.js";
import { httpBaseFromWsUrl } from "../gateway/dashboard-url.js";
import { inspectService, renderServiceBox, serviceNotes, titledBox } from "../service/service-status.js";

/** The RPC half of `status`: did a `status` call succeed, and how fast. */
export interface RpcProbe {
  url: string;
  ok: boolean;
  latencyMs: number | undefined;
  error: string | undefined;
  /** Plugins the running gateway reports (`plugins.list`); undefined when it has none or cannot say. */
  plugins?: LoadedPlugin[] | undefined;
}

/** Runs the status RPC probe; `defaultUrl` (the service's port) applies when --url is not given. */
export async function probeRpc(ctx: CommandContext, options: RawOptions, defaultUrl?: string): Promise<RpcProbe> {
  const explicit = readString(options, "url", "--url") !== undefined || readString(options, "port", "--port") !== undefined;
  const withUrl = defaultUrl && !explicit ? { ...options, url: defaultUrl } : options;
  const setup = await setupRpc(ctx, withUrl);
  const target = resolveRpcTarget(setup.config, setup.flags, ctx.env, setup.configPath, setup);
  try {
    const as = await connectAs(ctx, target, "when-local", (m) => createOutput({ env: ctx.env }).warn(m));
    const { latencyMs } = await callGateway(target, "status", undefined, setup.timeoutMs, as);
    // Only gateways with plugins serve plugins.list; its absence is not a failed probe.
    const plugins = await callGateway(target, "plugins.list", undefined, setup.timeoutMs, as).then(
      (r) => r.result as LoadedPlugin[],
      () => undefined,
    );
    return { url: target.url, ok: true, latencyMs, error: undefined, plugins };
  } catch (err) {
    return { url: target.url, ok: false, latencyMs: undefined, error: errorMessage(err) };
  }
}

/** Renders the "RPC probe" box of SPEC §4. */
export function renderRpcBox(probe: RpcProbe): string {
  return titledBox("RPC probe", [
    `Target: ${probe.url}`,
    `Status: ${probe.ok ? "✓ connected" : `✗ ${probe.error ?? "unreachable"}`}`,
    `Latency: ${probe.latencyMs === undefined ? "-" : `${probe.latencyMs}ms`}`,
    ...(probe.plugins ?? []).map((p) => `Plugin: ${describePlugin(p).replace(/^plugin /, "")}`),
  ]);
}

/** `clawd gateway status`: the service box and the RPC probe box, or one JSON object; `--no-probe` skips the RPC. */
export const run: CommandRun = async (ctx, _args, options) => {
  const setup = await setupRpc(ctx, options);
  const out = createOutput({ env: ctx.env });
  for (const w of setup.warnings) out.warn(w);
  const service = await inspectService(ctx.profile, ctx.env, setup.config);
  const skip = readBoolean(options, "probe") === false;
  const serviceUrl = service.status?.installed ? `ws://127.0.0.1:${service.port}` : undefined;
  const found = skip ? undefined : await probeRpc(ctx, options, serviceUrl);
  // A --url may carry ?token=: never print it (log lines are redacted where they are read).
  const { redactSecrets } = await import("@clawd/ports");
  const probe = found && { ...found, url: redactSecrets(found.url), error: found.error === undefined ? undefined : redactSecrets(found.error) };
  // Scheme, host and port only (no query, no fragment): `clawd dashboard` prints the signed-in link.
  const dashboard = httpBaseFromWsUrl(
    found?.url ?? readString(options, "url", "--url") ?? serviceUrl ?? resolveRpcTarget(setup.config, setup.flags, ctx.env, setup.configPath).url,
  );
  if (setup.json) {
    const { status, ...rest } = service;
    out.raw(
      JSON.stringify(
        { service: { ...rest, ...(status ?? {}) }, port: service.port, lastError: service.lastError ?? null, rpc: probe ?? null, dashboard },
        null,
        2,
      ),
    );
    return 0;
  }
  out.raw(renderServiceBox(service, probe?.ok));
  for (const note of serviceNotes(service)) out.raw(note);
  if (probe) out.raw(renderRpcBox(probe));
  else out.info("RPC probe skipped (--no-probe)");
  out.raw(`Dashboard: ${dashboard} (${commandHint(ctx.profile, "dashboard")} opens it signed in)`);
  return 0;
};
