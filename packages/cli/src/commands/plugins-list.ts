import { loadValidConfig } from "../config/config-store.js";
import type { CommandRun } from "../context.js";
import { readBoolean } from "../gateway/flags.js";
import { createOutput } from "../output/output.js";
import { resolvePaths } from "../config/paths.js";
import { checkDeclaredPlugins, pluginCheckJson, renderPluginCheck } from "../plugins/plugin-check.js";
import { pluginEntries } from "../plugins/plugin-entries.js";

/** `clawd plugins list`: each declared plugin and whether it loads; exit 1 when one does not. */
export const run: CommandRun = async (ctx, _args, options) => {
  const paths = resolvePaths(ctx.profile, ctx.env);
  const out = createOutput({ env: ctx.env });
  const load = await loadValidConfig(paths.configPath, ctx.profile);
  const checks = await checkDeclaredPlugins(pluginEntries(load.config, [], process.cwd()), paths, out);
  const failed = checks.some((c) => c.enabled && !c.ok);
  if (readBoolean(options, "json")) {
    out.raw(JSON.stringify({ configPath: paths.configPath, ok: !failed, plugins: checks.map(pluginCheckJson) }, null, 2));
  } else if (checks.length === 0) {
    out.raw(`No plugins declared in ${paths.configPath}. Add one: "plugins": [{ "module": "./my-plugin.js" }]`);
  } else {
    for (const check of checks) out.raw(renderPluginCheck(check));
  }
  return failed ? 1 : 0;
};
