import { CliError } from "../cli-error.js";
import { loadValidConfig } from "../config/config-store.js";
import type { CommandRun } from "../context.js";
import { getAtKey, parseDottedKey } from "../config/dotted-key.js";
import { readBoolean } from "../gateway/flags.js";
import { resolvePaths } from "../config/paths.js";

/** `clawd config get [key]`: strings print bare, everything else as JSON (always JSON with --json). */
export const run: CommandRun = async (ctx, args, options) => {
  const paths = resolvePaths(ctx.profile, ctx.env);
  const load = await loadValidConfig(paths.configPath);
  const key = args[0];
  const value = key === undefined ? load.raw : getAtKey(load.raw, parseDottedKey(key));
  if (value === undefined) {
    throw new CliError([`Config key not set: ${key}`, `File: ${paths.configPath}${load.state === "missing" ? " (does not exist yet)" : ""}`]);
  }
  const json = readBoolean(options, "json") ?? false;
  process.stdout.write(`${typeof value === "string" && !json ? value : JSON.stringify(value, null, 2)}\n`);
  return 0;
};
