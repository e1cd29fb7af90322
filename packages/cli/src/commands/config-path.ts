import type { CommandRun } from "../context.js";
import { resolvePaths } from "../config/paths.js";

/** `clawd config path`: prints the active profile's config file path. */
export const run: CommandRun = async (ctx) => {
  process.stdout.write(`${resolvePaths(ctx.profile, ctx.env).configPath}\n`);
  return 0;
};
