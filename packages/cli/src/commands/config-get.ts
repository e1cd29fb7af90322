import { CliError } from "../cli-error.js";
import { commandHint } from "../command-hint.js";
import { loadValidConfig } from "../config/config-store.js";
import { getAtKey, parseDottedKey } from "../config/dotted-key.js";
import { resolvePaths } from "../config/paths.js";
import { REDACTED_PLACEHOLDER, redactConfig } from "../config-rpc/redact.js";
import type { CommandRun } from "../context.js";
import { readBoolean } from "../gateway/flags.js";

/**
 * `clawd config get [key]`: strings print bare, everything else as JSON (always JSON with --json).
 * Secret values (the config.get RPC's rule: token, password, apiKey, …) print as the redaction
 * placeholder unless `--show-secrets`; stderr then says how to show them.
 */
export const run: CommandRun = async (ctx, args, options) => {
  const paths = resolvePaths(ctx.profile, ctx.env);
  const load = await loadValidConfig(paths.configPath, ctx.profile);
  const key = args[0];
  const parts = key === undefined ? [] : parseDottedKey(key);
  const found = key === undefined ? load.raw : getAtKey(load.raw, parts);
  if (found === undefined) {
    throw new CliError([`Config key not set: ${key}`, `File: ${paths.configPath}${load.state === "missing" ? " (does not exist yet)" : ""}`]);
  }
  const json = readBoolean(options, "json") ?? false;
  let value: unknown = found;
  if (!(readBoolean(options, "showSecrets") ?? false)) {
    // Wrapped under its own last key so that asking for exactly a secret (gateway.auth.token) is redacted too.
    const last = parts.at(-1) ?? "";
    const redacted = redactConfig({ [last]: found });
    value = redacted.value[last];
    if (redacted.secrets.length > 0) {
      const again = ["config get", ...(key === undefined ? [] : [key]), ...(json ? ["--json"] : []), "--show-secrets"].join(" ");
      process.stderr.write(`Secret values are shown as ${REDACTED_PLACEHOLDER}. To print them: ${commandHint(ctx.profile, again)}\n`);
    }
  }
  process.stdout.write(`${typeof value === "string" && !json ? value : JSON.stringify(value, null, 2)}\n`);
  return 0;
};
