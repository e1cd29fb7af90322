import { CliError, UsageError, errorMessage } from "../cli-error.js";
import { loadConfig, loadValidConfig } from "../config/config-store.js";
import type { CommandRun } from "../context.js";
import { bootstrapDevProfile, checkResetTargets, freshDevConfig } from "../config/dev-profile.js";
import { type GatewayFlags, parseGatewayFlags } from "../gateway/flags.js";
import { releaseTailscale, type RunningGateway, startGateway, stopGateway } from "../gateway/gateway-lifecycle.js";
import { type GatewayPlan, planFromConfig, planGateway } from "../gateway/gateway-plan.js";
import { createRestartSupervisor } from "../gateway/restart-supervisor.js";
import { type ConfigWatcher, watchConfigFile } from "../config/config-watcher.js";
import { capServiceLogs, openLogFile } from "../output/log-file.js";
import { guardPluginRejections, watchPlugins } from "../plugins/plugin-runtime.js";
import { SERVICE_KIND_ENV } from "../service/service-names.js";
import { errorLogPath } from "../service/service-spec.js";
import { createOutput, type Output } from "../output/output.js";
import { type ProfilePaths, resolvePaths } from "../config/paths.js";
import { DEV_PROFILE } from "../config/profile.js";
import { installSignalHandlers } from "../gateway/signals.js";
import { pickDevPort } from "../gateway/dev-port.js";
import { claimPort, type PortClaimContext } from "../gateway/port-claim.js";
import { forceRerunHint, otherPortHint } from "../gateway/port-holder.js";
import { setFlagsFromString } from "node:v8";
import { dialHost, removeGatewayRuntime, runtimeFilePath, writeGatewayRuntime } from "../gateway/runtime-file.js";
import { gatewayTuning, planGatewayReexec, runtimeGatewayV8Flags } from "../gateway/gateway-tuning.js";

/**
 * Restarts this process image with the gateway's memory settings (gateway-tuning.ts) before
 * anything runs; same PID, so signals, service managers and the printed PID stay right. On
 * Node without process.execve (20, Windows) it sets the flags V8 still honours at run time instead.
 */
function reexecWithGatewayTuning(env: NodeJS.ProcessEnv): void {
  const execve = (process as unknown as { execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never }).execve;
  let plan: ReturnType<typeof planGatewayReexec>;
  try {
    plan = planGatewayReexec({ execPath: process.execPath, execArgv: process.execArgv, argv: process.argv, env, hasExecve: typeof execve === "function" });
  } catch (err) {
    throw new UsageError([errorMessage(err)]);
  }
  if (plan.kind === "execve" && execve) execve.call(process, process.execPath, plan.args, plan.env);
  if (plan.kind === "none" && plan.reason === "no-execve") {
    const tuning = gatewayTuning(env);
    if (tuning) for (const flag of runtimeGatewayV8Flags(tuning)) setFlagsFromString(flag);
  }
}

/** `clawd gateway`: validate everything, then run the server in the foreground (SPEC §3). */
export const run: CommandRun = async (ctx, _args, options) => {
  // systemd appends our stdout/stderr to gateway.log / gateway.err.log and never rotates them:
  // cap them first thing, so that the error lines of a crash loop are capped too.
  if (ctx.env[SERVICE_KIND_ENV]) {
    const servicePaths = resolvePaths(ctx.profile, ctx.env);
    capServiceLogs([servicePaths.logFile, errorLogPath(servicePaths)]);
  }
  const flags = parseGatewayFlags(options);
  reexecWithGatewayTuning(ctx.env);
  if (flags.dev && ctx.profile !== undefined && ctx.profile !== DEV_PROFILE) {
    throw new UsageError([`--dev selects the "dev" profile; it cannot be combined with --profile ${ctx.profile}.`, "Drop one of them."]);
  }
  const paths = resolvePaths(flags.dev ? DEV_PROFILE : ctx.profile, ctx.env);
  // Under a service manager stdout is the log file (service-spec.ts): JSON lines there too,
  // unless --log-format was given.
  const underService = Boolean(ctx.env[SERVICE_KIND_ENV]);

  const format = underService && (options as Record<string, unknown>).logFormat === undefined ? "json" : flags.logFormat;
  const out = createOutput({ format, verbose: flags.verbose, env: ctx.env, copyWarningsToStdout: underService });

  // Step 1: in dev mode without --reset the existing dev config must be valid before the
  // bootstrap creates anything; elsewhere planGateway validates it.
  if (flags.dev && !flags.reset) await loadValidConfig(paths.configPath, paths.profile);
  const ports = await import("@clawd/ports");
  const claim = {
    force: flags.force,
    paths,
    env: ctx.env,
    ports,
    out,
    rerun: { force: forceRerunHint(paths.profile, flags), otherPort: otherPortHint(paths.profile, flags) },
  };
  if (flags.dev && flags.reset) await checkBeforeReset(paths, flags, ctx.env, claim);
  if (flags.dev) await runDevBootstrap(paths, flags, out);

  let plan = await planGateway(paths, flags, ctx.env);
  if (flags.dev && !flags.force && (plan.settings.portSource === "gateway.port" || plan.settings.portSource === "default")) {
    const port = await pickDevPort(plan.settings.port, plan.bind.hosts, ports, paths, ctx.env, out);
    if (port !== plan.settings.port) {
      flags.port = port; // config reloads keep it
      plan = await planGateway(paths, flags, ctx.env);
    }
  }
  // Steps 5 and 6: who holds the port, and --force (only after all validation passed).
  // After a reset the port was already claimed (and freed with --force) before deleting.
  await claimPort(plan.settings.port, plan.bind.hosts, flags.dev && flags.reset ? { ...claim, force: false } : claim);

  // Under a service manager stdout is already appended to gateway.log (see service-spec.ts);
  // writing it ourselves too would log every line twice.
  if (!underService) out.attachLogFile(openLogFile(paths.logFile));
  let watcher: ConfigWatcher | undefined;
  // Dev mode reloads a changed plugin file in place; the watch follows each (re)started gateway.
  let unwatchPlugins: (() => void) | undefined;
  // A foreground gateway says where it listens (<state>/gateway.runtime.json) so this profile's
  // RPC commands find it on a port they were not told; a service's port is known from its unit.
  let runtimeWrite: Promise<void> = Promise.resolve();
  const started = (running: RunningGateway) => {
    unwatchPlugins?.();
    unwatchPlugins = flags.dev && running.plugins ? watchPlugins(running.plugins, paths, out) : undefined;
    if (!underService) {
      const runtime = { pid: process.pid, port: running.plan.settings.port, host: dialHost(running.plan.bind.hosts), startedAt: new Date().toISOString() };
      runtimeWrite = writeGatewayRuntime(paths.stateDir, runtime).catch((err) =>
        out.warn(`could not write ${runtimeFilePath(paths.stateDir)}: ${errorMessage(err)}`),
      );
    }
  };

  // In dev mode the file watcher restarts on every config write already; a second restart
  // asked for by the config RPC would only drop the clients twice.
  const hooks = { requestRestart: (why: string) => (watcher ? undefined : void supervisor.restart(why)) };
  const supervisor = createRestartSupervisor<GatewayPlan, RunningGateway>({
    plan: () => planGateway(paths, flags, ctx.env),
    start: (next) => startGateway(next, paths, out, hooks),
    stop: (running, restart) => stopGateway(running, out, restart),
    abandoned: (running) => releaseTailscale(running, out),
    started,
    planRejected: (why, err) => {
      const lines = CliError.isInstance(err) ? err.lines : [errorMessage(err)];
      out.warn(`restart skipped (${why}); the running gateway keeps its old config: ${lines.join(" ")}`);
    },
    restartFailed: (_why, err) => {
      for (const line of CliError.isInstance(err) ? err.lines : [errorMessage(err)]) out.error(line);
      process.exit(1);
    },
  });
  const unguardPlugins = guardPluginRejections(() => supervisor.running?.plugins, out);

  // Handlers go in before the server starts: a signal during startup must not kill the
  // process with the default action (SIGHUP would).
  const uninstall = installSignalHandlers({
    stop: async () => {
      watcher?.close();
      await supervisor.stop();
      unwatchPlugins?.();
      await runtimeWrite;
      await removeGatewayRuntime(paths.stateDir);
      out.info("gateway stopped");
    },
    restart: (signal) => supervisor.restart(signal),
    log: (message, level = "info") => out[level](message),
    exit: (code) => {
      uninstall();
      process.exit(code);
    },
  });
  // Watch before starting, so an edit made while the server starts is not missed.
  if (flags.dev) watcher = watchConfigFile(paths.configPath, () => void supervisor.restart("config file changed"), out);
  try {
    await supervisor.start(plan);
  } catch (err) {
    watcher?.close();
    unguardPlugins();
    uninstall();
    throw err;
  }
  // Keeps the process alive; the signal handlers end it with process.exit.
  await new Promise<never>(() => {
    setInterval(() => undefined, 1 << 30);
  });
  return 0;
};

async function runDevBootstrap(paths: ProfilePaths, flags: GatewayFlags, out: Output): Promise<void> {
  const report = await bootstrapDevProfile(paths, { reset: flags.reset });
  for (const removed of report.removed) out.info(`removed ${removed}`);
  if (flags.reset && report.removed.length === 0) out.info("dev reset: nothing to remove");
  if (report.configCreated) out.success(`dev config created at ${report.configCreated}`);
  if (report.workspaceCreated) out.success(`dev workspace initialized at ${report.workspaceCreated}`);
}

/**
 * `--dev --reset` deletes, so everything that can refuse runs first (issue 14, defect 2): the
 * paths must stay inside the dev profile, the plan for the fresh dev config must hold, its
 * port must be free (or freed with --force), and no dev gateway of ours may still run on the
 * current dev config's port.
 */
async function checkBeforeReset(paths: ProfilePaths, flags: GatewayFlags, env: NodeJS.ProcessEnv, claim: PortClaimContext): Promise<void> {
  await checkResetTargets(paths);
  const next = await planFromConfig(freshDevConfig(paths), false, paths, flags, env);
  await claimPort(next.settings.port, next.bind.hosts, claim);
  const current = await loadConfig(paths.configPath);
  const currentPort = current.state === "ok" ? current.config.gateway?.port : undefined;
  if (currentPort !== undefined && currentPort !== next.settings.port) await claimPort(currentPort, ["127.0.0.1"], claim, true);
}
