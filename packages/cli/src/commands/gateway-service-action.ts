// `clawd gateway start|stop|restart`: ask the service manager, then check the gateway
// itself (it answers /healthz after start/restart; its port is free after stop).
import { withProgress } from "../output/progress.js";
import { CliError } from "../cli-error.js";
import { commandHint } from "../command-hint.js";
import type { CommandContext, CommandRun } from "../context.js";
import type { RawOptions } from "../gateway/flags.js";
import { findLastGatewayError } from "../service/last-error.js";
import { describeRuntime, notInstalledError, serviceCall, servicePort, setupServiceCommand } from "../service/service-context.js";
import { errorLogPath } from "../service/service-spec.js";
import { listenerPids, waitForGatewayHealthy, waitForPortFree } from "../service/service-wait.js";

type Action = "start" | "stop" | "restart";

const PAST: Record<Action, string> = { start: "started", stop: "stopped", restart: "restarted" };

async function runAction(action: Action, ctx: CommandContext, options: RawOptions): Promise<number> {
  const sc = await setupServiceCommand(ctx, options);
  const { service, out } = sc;
  const before = await serviceCall(() => service.status());
  if (!before.installed) {
    if (action === "stop") {
      if (sc.json) out.raw(JSON.stringify({ ok: true, action, result: "not-installed" }, null, 2));
      else out.info(`The gateway service is not installed; nothing to stop. (${service.filePath})`);
      return 0;
    }
    throw notInstalledError(sc);
  }
  const port = await servicePort(sc);
  const oldPids = action === "restart" ? await listenerPids(port) : [];
  const check = await withProgress(
    action === "stop"
      ? `stopping the gateway (waiting for port ${port} to be free)`
      : `${action === "start" ? "starting" : "restarting"} the gateway (waiting for it to answer on port ${port})`,
    async () => {
      await serviceCall(() => service[action]());
      return action === "stop" ? waitForPortFree(port) : waitForGatewayHealthy(port, undefined, oldPids);
    },
    { quiet: sc.json },
  );
  const after = await serviceCall(() => service.status());
  if (sc.json) {
    out.raw(JSON.stringify({ ok: check.ok, action, result: PAST[action], port, service: after, waitedMs: check.waitedMs }, null, 2));
    return check.ok ? 0 : 1;
  }
  // A start/restart whose gateway never answered (a crash loop) gets no ✓.
  const serviceLine = `${PAST[action]} ${service.label} ${sc.serviceName} (${describeRuntime(after)})`;
  if (action !== "stop" && !check.ok) out.warn(serviceLine);
  else out.success(serviceLine);
  if (action === "stop") {
    if (!check.ok) throw new CliError([`Port ${port} is still in use ${check.waitedMs}ms after the stop.`, `See who holds it: clawd-ports ${port}`]);
    out.success(`port ${port} is free; start again with: ${commandHint(sc.profile, "gateway start")}`);
    return 0;
  }
  if (!check.ok) {
    const lastError = await findLastGatewayError([errorLogPath(sc.paths), sc.paths.logFile]);
    throw new CliError([
      `The gateway did not answer on port ${port} within ${Math.round(check.waitedMs / 1000)}s.`,
      `Last gateway error: ${lastError ?? "none logged"}`,
      `Check: ${commandHint(sc.profile, "gateway status")}`,
    ]);
  }
  out.success(`gateway answers on ws://127.0.0.1:${port} (${check.waitedMs}ms)`);
  return 0;
}

/** `clawd gateway start`. */
export const start: CommandRun = (ctx, _args, options) => runAction("start", ctx, options);
/** `clawd gateway stop`. */
export const stop: CommandRun = (ctx, _args, options) => runAction("stop", ctx, options);
/** `clawd gateway restart`. */
export const restart: CommandRun = (ctx, _args, options) => runAction("restart", ctx, options);
