/**
 * A gateway secret from the environment: `CLAWD_GATEWAY_<kind>`, then the legacy
 * `CLAWDBOT_GATEWAY_<kind>`. Blank values count as unset.
 */
export function secretFromEnv(env: NodeJS.ProcessEnv, kind: "TOKEN" | "PASSWORD"): string | undefined {
  const value = env[`CLAWD_GATEWAY_${kind}`]?.trim() || env[`CLAWDBOT_GATEWAY_${kind}`]?.trim();
  return value || undefined;
}
