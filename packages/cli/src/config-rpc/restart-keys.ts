// Which config changes the running gateway can take at once and which need its in-process
// restart: what the listening socket, the handshake and the loaded plugins were built from
// (port, bind, auth, trusted proxies, Tailscale exposure, nodes policy, server limits, plugins)
// is fixed while the server runs.

/** Key prefixes whose change needs the gateway's restart. */
export const RESTART_KEY_PREFIXES = [
  "gateway.port",
  "gateway.bind",
  "gateway.customBindHost",
  "gateway.auth",
  "gateway.tailscale",
  "gateway.trustedProxies",
  "gateway.nodes",
  "gateway.limits",
  "plugins",
] as const;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Dotted keys (leaves) whose value differs between `before` and `after`, sorted. */
export function changedKeys(before: unknown, after: unknown, prefix = ""): string[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].sort().flatMap((key) => changedKeys(before[key], after[key], prefix ? `${prefix}.${key}` : key));
  }
  if (isRecord(before) || isRecord(after)) {
    // An object replaced by a scalar (or the reverse): its leaves changed, and so did the key itself.
    const inner = changedKeys(isRecord(before) ? before : {}, isRecord(after) ? after : {}, prefix);
    const kindChanged = (!isRecord(before) && before !== undefined) || (!isRecord(after) && after !== undefined);
    return kindChanged && prefix ? [prefix, ...inner] : inner;
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix];
}

/** The changed keys that need a restart. */
export function keysNeedingRestart(changed: readonly string[]): string[] {
  return changed.filter((key) => RESTART_KEY_PREFIXES.some((prefix) => key === prefix || key.startsWith(`${prefix}.`)));
}
