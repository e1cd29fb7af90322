// `clawd gateway install`: write the per-user service for `clawd gateway --port <port>`,
// start it, and check that the gateway really answers. Secrets stay in the 0600 config.
import { withProgress } from "../output/progress.js";
import { resolveNodePath } from "@clawd/daemon";
import { explainPortInUse, findListeners, isPortFree } from "@clawd/ports";
import { CliError } from "../cli-error.js";
import { commandHint } from "../command-hint.js";
import { updateConfig } from "../config/config-store.js";
import type { CommandRun } from "../context.js";
import { readBoolean, readString } from "../gateway/flags.js";
import { findLastGatewayError, readLogTail } from "../service/last-error.js";
import { lingerCheck } from "../service/linger-check.js";
import { buildGatewayServiceSpec, ephemeralEntryWarning, errorLogPath, resolveCliEntry } from "../service/service-spec.js";
import { describeRegistration, describeRuntime, serviceCall, setupServiceCommand } from "../service/service-context.js";
import { listenerPids, waitForGatewayHealthy } from "../service/service-wait.js";

/** How many log lines a failed install shows. */
export const INSTALL_FAILURE_LOG_LINES = 15;

export const run: CommandRun = async (ctx, _args, options) => {
  const sc = await setupServiceCommand(ctx, options);
  const { out, paths, service, port } = sc;
  const force = readBoolean(options, "force") === true;
  const token = readString(options, "token", "--token");
  const warnings: string[] = [];

  const mode = sc.config.gateway?.mode;
  if (mode !== "local") {
    throw new CliError([
      `Gateway install blocked: set gateway.mode=local (current: ${mode ?? "unset"}) first.`,
      `Run: ${commandHint(sc.profile, "onboard")} (or ${commandHint(sc.profile, "config set gateway.mode local")})`,
    ]);
  }
  if (token !== undefined) {
    await updateConfig(
      paths.configPath,
      (raw) => {
        const gateway = (raw.gateway ?? {}) as Record<string, unknown>;
        const auth = (gateway.auth ?? {}) as Record<string, unknown>;
        return { ...raw, gateway: { ...gateway, auth: { ...auth, token } } };
      },
      { profile: sc.profile },
    );
    if (!sc.json) out.success(`token saved in ${paths.configPath} (mode 0600), not in the service file`);
  }

  const before = await serviceCall(() => service.status());
  if (before.state !== "running" && !(await isPortFree(port, "127.0.0.1"))) {
    const ours = await findListeners(port).catch(() => []);
    if (!ours.some((l) => l.pid === before.pid)) {
      const explanation = await explainPortInUse(port);
      throw new CliError([
        `Port ${port} is in use; the service would not be able to listen.`,
        ...explanation.text.split("\n"),
        `Pick another port: ${commandHint(sc.profile, "gateway install --port <port>")}`,
      ]);
    }
  }

  const node = resolveNodePath();
  if (node.warning) warnings.push(node.warning);
  const cliEntry = resolveCliEntry();
  const ephemeral = ephemeralEntryWarning(cliEntry);
  if (ephemeral) warnings.push(ephemeral);
  const spec = buildGatewayServiceSpec({
    paths,
    port,
    kind: service.kind,
    name: sc.serviceName,
    nodePath: node.path,
    cliEntry,
    env: ctx.env,
    platform: process.platform,
  });
  const oldPids = await listenerPids(port);
  const result = await serviceCall(() => service.install(spec, { force }));
  const linger = service.kind === "systemd" ? await lingerCheck(ctx.env, readBoolean(options, "linger") === true) : undefined;
  if (linger?.warning) warnings.push(linger.warning);

  const health = await withProgress(
    `waiting for the gateway to answer on port ${port}`,
    () => waitForGatewayHealthy(port, undefined, result.result === "installed" ? oldPids : []),
    { quiet: sc.json },
  );
  const after = await serviceCall(() => service.status());
  if (sc.json) {
    out.raw(
      JSON.stringify(
        {
          ok: health.ok,
          action: "install",
          result: result.result,
          file: result.filePath,
          port,
          service: after,
          healthy: health.ok,
          waitedMs: health.waitedMs,
          linger: linger?.state,
          notes: result.notes,
          warnings,
        },
        null,
        2,
      ),
    );
    return health.ok ? 0 : 1;
  }
  out.success(
    result.result === "installed"
      ? `installed ${service.label}: ${result.filePath}`
      : `${service.label} already installed: ${result.filePath} (reinstall with --force)`,
  );
  for (const note of result.notes) out.info(note);
  out.success(describeRegistration(service, after));
  if (after.state === "running") out.success(`service runtime: active (${describeRuntime(after)})`);
  else out.warn(`service runtime: ${describeRuntime(after)}`);
  if (linger?.message) (linger.state === "enabled" ? out.success : out.warn)(linger.message);
  for (const w of warnings) if (w !== linger?.warning) out.warn(w);
  if (!health.ok) {
    const lastError = await findLastGatewayError([errorLogPath(paths), paths.logFile]);
    const tail = [...(await readLogTail(errorLogPath(paths), INSTALL_FAILURE_LOG_LINES)), ...(await readLogTail(paths.logFile, INSTALL_FAILURE_LOG_LINES))];
    throw new CliError([
      `The gateway did not answer on port ${port} within ${Math.round(health.waitedMs / 1000)}s.`,
      `Last gateway error: ${lastError ?? "none logged"}`,
      ...(tail.length ? ["Last log lines:", ...tail.slice(-INSTALL_FAILURE_LOG_LINES).map((l) => `  ${l}`)] : []),
      `Check: ${commandHint(sc.profile, "gateway status")}`,
    ]);
  }
  out.success(`gateway answers on ws://127.0.0.1:${port} (${health.waitedMs}ms)`);
  return 0;
};
