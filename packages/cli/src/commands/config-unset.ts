import { commandHint } from "../command-hint.js";
import { UsageError } from "../cli-error.js";
import { JSON5_DROPPED_WARNING, updateConfig } from "../config/config-store.js";
import type { CommandRun } from "../context.js";
import { parseDottedKey, unsetAtKey } from "../config/dotted-key.js";
import { createOutput } from "../output/output.js";
import { resolvePaths } from "../config/paths.js";

/** `clawd config unset <key>`: removes the key (a missing key is not an error). */
export const run: CommandRun = async (ctx, args) => {
  const key = args[0];
  if (key === undefined) throw new UsageError(`Usage: ${commandHint(ctx.profile, "config unset <key>")}`);
  const parts = parseDottedKey(key);
  const paths = resolvePaths(ctx.profile, ctx.env);
  let removed = false;
  const written = await updateConfig(
    paths.configPath,
    (config) => {
      const result = unsetAtKey(config, parts);
      removed = result.removed;
      return result.value;
    },
    { allowRepair: true, profile: ctx.profile },
  );
  const out = createOutput({ env: ctx.env });
  if (removed) out.success(`unset ${key} in ${paths.configPath}`);
  else out.info(`${key} was not set in ${paths.configPath}`);
  if (written.droppedJson5) out.warn(JSON5_DROPPED_WARNING);
  return 0;
};
