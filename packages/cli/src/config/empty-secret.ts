import { UsageError } from "../cli-error.js";
import { commandHint } from "../command-hint.js";

/** Config keys that hold a gateway secret. */
const SECRET_KEYS = ["gateway.auth.token", "gateway.auth.password", "gateway.remote.token", "gateway.remote.password"] as const;

function valueAt(raw: unknown, dotted: string): unknown {
  let node = raw;
  for (const part of dotted.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * An empty or blank secret in the config would silently mean "no secret" (or, coerced,
 * the secret "0"), so it is a usage error (exit 2) naming the key, the file and the commands (for `profile`) that fix it.
 */
export function assertNoEmptyConfigSecret(raw: unknown, configPath: string, profile: string | undefined): void {
  for (const key of SECRET_KEYS) {
    const value = valueAt(raw, key);
    if (typeof value === "string" && value.trim() === "") {
      throw new UsageError([
        `${key} in ${configPath} is empty.`,
        `Set it (${commandHint(profile, `config set ${key} <value>`)}) or remove it (${commandHint(profile, `config unset ${key}`)}).`,
      ]);
    }
  }
}
