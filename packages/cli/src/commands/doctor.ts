import { errorMessage } from "../cli-error.js";
import { commandHint } from "../command-hint.js";
import { loadConfig } from "../config/config-store.js";
import type { CommandContext, CommandRun } from "../context.js";
import { readBoolean } from "../gateway/flags.js";
import { resolveGatewaySettings } from "../gateway/gateway-settings.js";
import { checkMark, createOutput } from "../output/output.js";
import { resolvePaths } from "../config/paths.js";
import { type RepairableCheck, fileChecks, serviceFileCheck } from "../service/doctor-repairs.js";
import { serviceChecks } from "../service/doctor-service.js";
import { transportCheck } from "../gateway/doctor-transport.js";
import { checkDeclaredPlugins } from "../plugins/plugin-check.js";
import { describePlugin } from "../plugins/plugin-runtime.js";
import { pluginEntries } from "../plugins/plugin-entries.js";
import { inspectPortOwner } from "../gateway/single-instance.js";
import { spawnRunner, TAILSCALE_QUERY_TIMEOUT_MS } from "../gateway/tailscale.js";

/** Oldest Node.js the CLI supports (package.json engines). */
export const MIN_NODE_VERSION = [20, 19] as const;

/** One doctor check: passed, failed, or a warning that does not fail the run; `repair` is what --fix runs. */
export type Check = RepairableCheck;

/** True when `version` (x.y.z) is at least MIN_NODE_VERSION. */
export function isSupportedNode(version: string): boolean {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major > MIN_NODE_VERSION[0] || (major === MIN_NODE_VERSION[0] && minor >= MIN_NODE_VERSION[1]);
}

async function runChecks(ctx: CommandContext): Promise<Check[]> {
  const checks: Check[] = [];
  const node = process.versions.node;
  checks.push(
    isSupportedNode(node)
      ? { name: "Node.js", status: "ok", detail: node }
      : { name: "Node.js", status: "fail", detail: `${node} is too old`, fix: `Install Node.js ${MIN_NODE_VERSION.join(".")} or newer.` },
  );

  try {
    const { detectTransport } = await import("@clawd/gateway-server");
    checks.push(transportCheck(detectTransport(), Number(node.split(".")[0])));
  } catch (err) {
    checks.push({ name: "WebSocket transport", status: "fail", detail: errorMessage(err), fix: "Reinstall @clawd/cli (npm i -g @clawd/cli)." });
  }

  const paths = resolvePaths(ctx.profile, ctx.env);
  checks.push(...(await fileChecks(paths, ctx.profile)));
  const load = await loadConfig(paths.configPath);
  let config = {};
  if (load.state === "missing") {
    checks.push({ name: "Config", status: "fail", detail: `not found at ${paths.configPath}`, fix: `Run ${commandHint(ctx.profile, "onboard")}.` });
  } else if (load.state === "invalid") {
    const issues = load.issues.map((i) => `${i.key}: ${i.message}`).join("; ");
    checks.push({
      name: "Config",
      status: "fail",
      detail: `invalid (${paths.configPath}): ${issues}`,
      fix: `Edit the file, or use ${commandHint(ctx.profile, "config set|unset <key>")}.`,
    });
  } else {
    config = load.config;
    const mode = load.config.gateway?.mode;
    checks.push(
      mode === "local" || mode === "remote"
        ? { name: "Config", status: "ok", detail: `valid, gateway.mode=${mode} (${paths.configPath})` }
        : {
            name: "Config",
            status: "fail",
            detail: `gateway.mode is unset (${paths.configPath})`,
            fix: `Run ${commandHint(ctx.profile, "config set gateway.mode local")}.`,
          },
    );
  }

  try {
    const settings = resolveGatewaySettings(config, {}, ctx.env);
    const ports = await import("@clawd/ports");
    const owner = await inspectPortOwner(settings.port, ["127.0.0.1"], ports);
    if (owner.kind === "free") checks.push({ name: "Port", status: "ok", detail: `${settings.port} is free` });
    else if (owner.kind === "ours") checks.push({ name: "Port", status: "ok", detail: `${settings.port}: gateway running (PID ${owner.pid ?? "unknown"})` });
    else {
      const explanation = await ports.explainPortInUse(settings.port);
      checks.push({
        name: "Port",
        status: "fail",
        detail: explanation.text.trim().replace(/\n/g, " "),
        fix: `Stop that process, or choose another port: ${commandHint(ctx.profile, "config set gateway.port <port>")}.`,
      });
    }
  } catch (err) {
    checks.push({ name: "Port", status: "fail", detail: errorMessage(err), fix: "Fix CLAWD_GATEWAY_PORT / gateway.port." });
  }

  for (const plugin of await checkDeclaredPlugins(pluginEntries(config, [], process.cwd()), paths, createOutput({ env: ctx.env }))) {
    const name = `Plugin ${plugin.module}`;
    if (!plugin.enabled) checks.push({ name, status: "warn", detail: "disabled (enabled: false)", fix: "Set enabled: true, or remove the entry." });
    else if (plugin.ok) checks.push({ name, status: "ok", detail: describePlugin(plugin.plugin) });
    else
      checks.push({
        name,
        status: "fail",
        detail: `does not load (${plugin.error.module}): ${plugin.error.reason}`,
        fix: `Fix the plugin, or set "enabled": false on its entry in ${paths.configPath}.`,
      });
  }

  checks.push(...(await serviceChecks(ctx.profile, ctx.env, config)));
  checks.push(...(await serviceFileCheck(paths, ctx.profile, ctx.env)));

  const needsTailscale = load.state === "ok" && ((load.config.gateway?.tailscale?.mode ?? "off") !== "off" || load.config.gateway?.bind === "tailnet");
  const ts = await spawnRunner("tailscale", ["--version"], TAILSCALE_QUERY_TIMEOUT_MS);
  if (ts.code === 0) checks.push({ name: "Tailscale", status: "ok", detail: ts.stdout.split("\n")[0]?.trim() || "installed" });
  else {
    checks.push({
      name: "Tailscale",
      status: needsTailscale ? "fail" : "warn",
      detail: ts.error?.code === "ENOENT" ? "not installed" : `tailscale --version failed: ${(ts.stderr || ts.error?.message || "").trim()}`,
      fix: needsTailscale
        ? "Install Tailscale (https://tailscale.com/download), or set gateway.tailscale.mode off."
        : "Only needed for --tailscale serve|funnel and bind=tailnet.",
    });
  }
  return checks;
}

/** `clawd doctor [--fix]`: runs every check (and with --fix the safe repairs), prints ✓/✗ with a fix line; exit 1 when any check fails. Secrets in what it prints (a port holder's command line, an error) are redacted. */
export const run: CommandRun = async (ctx, _args, options) => {
  const { redactSecrets } = await import("@clawd/ports");
  const found = await runChecks(ctx);
  const fixed = readBoolean(options, "fix") === true ? await applyRepairs(found) : [];
  const checks = found.map(({ repair: _repair, ...c }) => ({ ...c, detail: redactSecrets(c.detail) }));
  const failed = checks.some((c) => c.status === "fail");
  const out = createOutput({ env: ctx.env });
  if (readBoolean(options, "json")) {
    out.raw(JSON.stringify({ ok: !failed, checks, fixed }, null, 2));
  } else {
    for (const line of fixed) out.raw(`fixed: ${line}`);
    for (const c of checks) {
      out.raw(`${c.status === "warn" ? "!" : checkMark(c.status === "ok")} ${c.name}: ${c.detail}`);
      if (c.fix && c.status !== "ok") out.raw(`  fix: ${c.fix}`);
    }
  }
  return failed ? 1 : 0;
};

/** `--fix`: runs each failing check's repair; a repaired check turns ok and says what changed. */
async function applyRepairs(checks: Check[]): Promise<string[]> {
  const changed: string[] = [];
  for (const check of checks) {
    if (!check.repair || check.status === "ok") continue;
    try {
      const what = await check.repair();
      changed.push(what);
      Object.assign(check, { status: "ok", detail: `fixed: ${what}`, fix: undefined });
    } catch (err) {
      check.detail = `${check.detail}; --fix failed: ${errorMessage(err)}`;
    }
  }
  return changed;
}
