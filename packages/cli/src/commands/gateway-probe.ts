import { errorMessage } from "../cli-error.js";
import type { CommandRun } from "../context.js";
import { checkMark, createOutput } from "../output/output.js";
import { callGateway, connectAs, setupRpc } from "../rpc/rpc.js";
import { localTarget, resolveRpcTarget, type RpcTarget } from "../rpc/rpc-target.js";

/** Default time limit per probed target. */
export const PROBE_TIMEOUT_MS = 3000;

/** One probed target's outcome. */
export interface ProbeResult {
  url: string;
  source: string;
  ok: boolean;
  latencyMs: number | undefined;
  error: string | undefined;
}

/** `clawd gateway probe`: tries loopback, the configured remote URL and --url; exit 1 if none answers. */
export const run: CommandRun = async (ctx, _args, options) => {
  const setup = await setupRpc(ctx, options, PROBE_TIMEOUT_MS);
  const out = createOutput({ env: ctx.env });
  for (const w of setup.warnings) out.warn(w);
  const base = resolveRpcTarget(
    { ...setup.config, gateway: { ...setup.config.gateway, mode: "local" } },
    { token: setup.flags.token, password: setup.flags.password },
    ctx.env,
    setup.configPath,
  );
  const targets: RpcTarget[] = [];
  const add = (url: string, source: string, token = base.token, password = base.password) => {
    if (!targets.some((t) => t.url === url)) targets.push({ url, source, token, password, configPath: setup.configPath });
  };
  if (setup.flags.url) add(setup.flags.url, "cli --url");
  const remote = setup.config.gateway?.remote;
  if (remote?.url) add(remote.url, "config gateway.remote.url", setup.flags.token ?? remote.token, setup.flags.password ?? remote.password);
  const local = localTarget(setup.config, ctx.env, { flag: setup.flags.port, servicePort: setup.servicePort, running: setup.running });
  add(local.url, local.source);

  const results: ProbeResult[] = await Promise.all(
    targets.map(async (t) => {
      try {
        const as = await connectAs(ctx, t, "when-local", (m) => out.warn(m));
        const { latencyMs } = await callGateway(t, "health", undefined, setup.timeoutMs, as);
        return { url: t.url, source: t.source, ok: true, latencyMs, error: undefined };
      } catch (err) {
        return { url: t.url, source: t.source, ok: false, latencyMs: undefined, error: errorMessage(err) };
      }
    }),
  );
  const reachable = results.filter((r) => r.ok).length;
  if (setup.json) {
    out.raw(JSON.stringify({ ok: reachable > 0, targets: results }, null, 2));
  } else {
    out.info("Gateway probe");
    for (const r of results) {
      const detail = r.ok ? `connected in ${r.latencyMs}ms` : r.error;
      out.raw(`${checkMark(r.ok)} ${r.url} (${r.source}): ${detail}`);
    }
    out.info(`${reachable} of ${results.length} target(s) reachable`);
  }
  return reachable > 0 ? 0 : 1;
};
