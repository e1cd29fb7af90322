import { UsageError } from "../cli-error.js";

type Json = Record<string, unknown>;

const KEY_SEGMENT = /^[A-Za-z0-9_-]+$/;
/** Names that reach an object's prototype when used as a property key: never config keys (as in the original). */
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const KEY_EXAMPLE = "Use dotted names such as gateway.port or gateway.auth.token.";

/** Splits and checks a dotted config key such as `gateway.auth.token`. */
export function parseDottedKey(key: string): string[] {
  const parts = key.split(".");
  if (!parts.every((p) => KEY_SEGMENT.test(p))) throw new UsageError([`Invalid config key "${key}".`, KEY_EXAMPLE]);
  if (parts.some((p) => PROTOTYPE_KEYS.has(p))) {
    throw new UsageError([`Invalid config key "${key}": __proto__, constructor and prototype cannot be config keys.`, KEY_EXAMPLE]);
  }
  return parts;
}

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** Reads the value at a dotted key, or `undefined`. */
export function getAtKey(root: unknown, parts: readonly string[]): unknown {
  let node: unknown = root;
  for (const part of parts) {
    if (!isObject(node) || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
}

/** What a non-object value is, for "holds …" messages. */
const describeValue = (value: unknown) => (Array.isArray(value) ? "a list" : value === null ? "null" : `a ${typeof value}`);

/** Returns a copy of `root` with `value` set at the dotted key (creating objects on the way). */
export function setAtKey(root: Json, parts: readonly string[], value: unknown, fullKey: readonly string[] = parts): Json {
  const [head, ...tail] = parts;
  if (head === undefined) return root;
  const copy: Json = { ...root };
  if (tail.length === 0) {
    copy[head] = value;
    return copy;
  }
  const child = Object.hasOwn(copy, head) ? copy[head] : undefined;
  if (child !== undefined && !isObject(child)) {
    throw new UsageError(`Cannot set "${fullKey.join(".")}": "${head}" holds ${describeValue(child)}, not an object.`);
  }
  copy[head] = setAtKey(child ?? {}, tail, value, fullKey);
  return copy;
}

/** Returns a copy of `root` without the dotted key; empty parent objects are removed too. */
export function unsetAtKey(root: Json, parts: readonly string[]): { value: Json; removed: boolean } {
  const [head, ...tail] = parts;
  if (head === undefined || !Object.hasOwn(root, head)) return { value: root, removed: false };
  const copy: Json = { ...root };
  if (tail.length === 0) {
    delete copy[head];
    return { value: copy, removed: true };
  }
  const child = copy[head];
  if (!isObject(child)) return { value: root, removed: false };
  const inner = unsetAtKey(child, tail);
  if (!inner.removed) return { value: root, removed: false };
  if (Object.keys(inner.value).length === 0) delete copy[head];
  else copy[head] = inner.value;
  return { value: copy, removed: true };
}

/** Parses a `config set` value: JSON when it parses (numbers, booleans, objects), else the raw string. */
export function parseConfigValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
