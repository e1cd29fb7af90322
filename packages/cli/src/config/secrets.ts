import { UsageError } from "../cli-error.js";

/**
 * A gateway secret from the environment: `CLAWD_GATEWAY_<kind>`, then the legacy
 * `CLAWDBOT_GATEWAY_<kind>`, read verbatim. A variable that is set but empty (or blank) is
 * a usage error naming it: it would otherwise silently mean "no secret" (issue 10 item 1).
 */
export function secretFromEnv(env: NodeJS.ProcessEnv, kind: "TOKEN" | "PASSWORD"): string | undefined {
  for (const name of [`CLAWD_GATEWAY_${kind}`, `CLAWDBOT_GATEWAY_${kind}`]) {
    const value = env[name];
    if (value === undefined) continue;
    if (value.trim() === "") {
      throw new UsageError([`${name} is set but empty.`, `Set it to the gateway ${kind.toLowerCase()}, or unset it (unset ${name}).`]);
    }
    return value;
  }
  return undefined;
}
