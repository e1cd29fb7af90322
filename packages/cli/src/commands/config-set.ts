import { commandHint } from "../command-hint.js";
import { UsageError } from "../cli-error.js";
import { validateConfig } from "../config/config-schema.js";
import { JSON5_DROPPED_WARNING, updateConfig } from "../config/config-store.js";
import type { CommandRun } from "../context.js";
import { getAtKey, parseConfigValue, parseDottedKey, setAtKey } from "../config/dotted-key.js";
import { restoreRedacted } from "../config-rpc/redact.js";
import { createOutput } from "../output/output.js";
import { resolvePaths } from "../config/paths.js";

/**
 * `clawd config set <key> <value>`: the value is JSON when it parses; validated before writing.
 * The redaction placeholder of `config get` keeps the secret stored at its place, or is refused.
 */
export const run: CommandRun = async (ctx, args) => {
  const [key, raw] = args;
  if (key === undefined || raw === undefined) throw new UsageError(`Usage: ${commandHint(ctx.profile, "config set <key> <value>")}`);
  const parts = parseDottedKey(key);
  const paths = resolvePaths(ctx.profile, ctx.env);
  // JSON when it parses, but a value the key only accepts as text stays verbatim: `config set
  // gateway.auth.token 0123` or `… 123` stores the string the user typed, never a number.
  const parsed = parseConfigValue(raw);
  const written = await updateConfig(
    paths.configPath,
    (config) => {
      // `config get` prints secrets as the placeholder: pasted back, it keeps the stored secret (as config.set does).
      const restored = restoreRedacted(parsed, getAtKey(config, parts));
      if (restored.unresolved.length > 0) {
        throw new UsageError([
          ...restored.unresolved.map((u) => `${[key, u.path].filter(Boolean).join(".")} ${u.message}.`),
          `Show the stored secrets with: ${commandHint(ctx.profile, `config get ${key} --show-secrets`)}`,
        ]);
      }
      const next = setAtKey(config, parts, restored.value);
      if (typeof parsed === "string" || validateConfig(next).ok) return next;
      const verbatim = setAtKey(config, parts, raw);
      return validateConfig(verbatim).ok ? verbatim : next;
    },
    { allowRepair: true, profile: ctx.profile },
  );
  const out = createOutput({ env: ctx.env });
  out.success(`set ${key} in ${paths.configPath}`);
  if (written.droppedJson5) out.warn(JSON5_DROPPED_WARNING);
  return 0;
};
