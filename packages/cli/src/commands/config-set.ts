import { UsageError } from "../cli-error.js";
import { updateConfig } from "../config-store.js";
import type { CommandRun } from "../context.js";
import { parseConfigValue, parseDottedKey, setAtKey } from "../dotted-key.js";
import { createOutput } from "../output.js";
import { resolvePaths } from "../paths.js";

/** `clawd config set <key> <value>`: the value is JSON when it parses; validated before writing. */
export const run: CommandRun = async (ctx, args) => {
  const [key, raw] = args;
  if (key === undefined || raw === undefined) throw new UsageError("Usage: clawd config set <key> <value>");
  const parts = parseDottedKey(key);
  const paths = resolvePaths(ctx.profile, ctx.env);
  await updateConfig(paths.configPath, (config) => setAtKey(config, parts, parseConfigValue(raw)), { allowRepair: true });
  createOutput({ env: ctx.env }).success(`set ${key} in ${paths.configPath}`);
  return 0;
};
