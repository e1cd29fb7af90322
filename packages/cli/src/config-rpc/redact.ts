// Secrets never leave the gateway through config.get: each secret value is replaced by a
// placeholder, and a write that sends the placeholder back keeps the secret already stored.

/** What config.get shows instead of a secret; sent back unchanged, it keeps the stored value. */
export const REDACTED_PLACEHOLDER = "__CLAWD_REDACTED__";

/** Key names whose string values are secrets (gateway.auth.token, remote.password, apiKey, …). */
export const SECRET_KEY_PATTERN = /token|password|secret|api[-_]?key|private[-_]?key|credential/i;

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** A deep copy of `value` with every secret string replaced by the placeholder; also lists the secrets. */
export function redactConfig<T>(value: T): { value: T; secrets: string[] } {
  const secrets: string[] = [];
  const walk = (node: unknown, key: string | undefined): unknown => {
    if (typeof node === "string" && key !== undefined && SECRET_KEY_PATTERN.test(key) && node !== REDACTED_PLACEHOLDER) {
      secrets.push(node);
      return REDACTED_PLACEHOLDER;
    }
    if (Array.isArray(node)) return node.map((item) => walk(item, key));
    if (isRecord(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
    return node;
  };
  return { value: walk(value, undefined) as T, secrets };
}

/** A `key: "value"` pair in JSON or JSON5 text, quoted either way; group 2 is the key, 4 the value. */
const KEYED_STRING = /(["']?)([A-Za-z0-9_$-]+)\1(\s*:\s*)("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/g;

/**
 * The file text with each secret's string literal replaced by the placeholder, keeping the
 * user's comments and layout. Values of secret-named keys are replaced by pattern too, which
 * also covers a file that does not parse. When a known secret still shows anywhere (an unusual
 * escape, a secret that is also part of another value), the redacted object is printed instead.
 */
export function redactConfigText(text: string, redactedValue: unknown, secrets: readonly string[]): string {
  const placeholder = JSON.stringify(REDACTED_PLACEHOLDER);
  let out = text.replace(KEYED_STRING, (match, quote: string, key: string, colon: string) =>
    SECRET_KEY_PATTERN.test(key) ? `${quote}${key}${quote}${colon}${placeholder}` : match,
  );
  for (const secret of secrets) {
    out = out
      .split(JSON.stringify(secret))
      .join(placeholder)
      .split(`'${secret.replaceAll("'", "\\'")}'`)
      .join(placeholder);
  }
  if (secrets.some((secret) => out.includes(secret))) return `${JSON.stringify(redactedValue, null, 2)}\n`;
  return out;
}

/** A placeholder with nothing stored behind it: the client must send the real value. */
export interface UnresolvedPlaceholder {
  path: string;
  message: string;
}

/**
 * Puts the stored secrets back where `next` carries the placeholder (same key path in
 * `current`). A placeholder with no stored string behind it is reported, never written.
 */
export function restoreRedacted(next: unknown, current: unknown): { value: unknown; unresolved: UnresolvedPlaceholder[] } {
  const unresolved: UnresolvedPlaceholder[] = [];
  const walk = (node: unknown, stored: unknown, path: string[]): unknown => {
    if (node === REDACTED_PLACEHOLDER) {
      if (typeof stored === "string") return stored;
      unresolved.push({
        path: path.join("."),
        message: `holds the redaction placeholder ${REDACTED_PLACEHOLDER} but no value is stored there; send the real value`,
      });
      return node;
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, Array.isArray(stored) ? stored[i] : undefined, [...path, String(i)]));
    if (isRecord(node)) {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, isRecord(stored) ? stored[k] : undefined, [...path, k])]));
    }
    return node;
  };
  return { value: walk(next, current, []), unresolved };
}
