import {
  HANDSHAKE_TIMEOUT_MS,
  MAX_BUFFERED_BYTES,
  MAX_CONNECTIONS,
  MAX_IN_FLIGHT_REQUESTS,
  MAX_PAYLOAD_BYTES,
  MAX_PENDING_HANDSHAKES_PER_SOURCE,
  MAX_UPGRADE_HEADER_BYTES,
  UWS_MAX_BACKPRESSURE_BYTES,
  UWS_MAX_HEADER_BYTES,
} from "@clawd/gateway-server";
import { MAX_PORT } from "@clawd/ports";
import { isIP } from "node:net";
import * as v from "valibot";

/** Accepted `gateway.mode` values. */
export const GATEWAY_MODES = ["local", "remote"] as const;
/** Accepted `gateway.bind` / `--bind` values. */
export const BIND_MODES = ["loopback", "lan", "tailnet", "auto", "custom"] as const;
/** Accepted `gateway.auth.mode` / `--auth` values. */
export const AUTH_MODES = ["none", "token", "password"] as const;
/** Accepted `gateway.tailscale.mode` / `--tailscale` values. */
export const TAILSCALE_MODES = ["off", "serve", "funnel"] as const;
/** Lowest TCP port a gateway may listen on (the highest is @clawd/ports' MAX_PORT). */
export const MIN_PORT = 1;
export { MAX_PORT };

export type BindMode = (typeof BIND_MODES)[number];
export type AuthMode = (typeof AUTH_MODES)[number];
export type TailscaleMode = (typeof TAILSCALE_MODES)[number];

const oneOf = (values: readonly string[]) => `must be one of: ${values.join(", ")}`;
const TRUSTED_PROXY_PATTERN = /^[0-9a-fA-F:.]+(\/\d{1,3})?$/;

/** True for "address" or "address/bits" with bits within the address family's width. */
function isIpOrCidr(text: string): boolean {
  const [address = "", bits] = text.split("/");
  const family = isIP(address);
  if (family === 0) return false;
  return bits === undefined || Number(bits) <= (family === 6 ? 128 : 32);
}

const nonEmpty = v.pipe(
  v.string("must be a string"),
  v.check((s) => s.trim() !== "", "must not be empty"),
);

const PortSchema = v.pipe(
  v.number("must be a number"),
  v.integer("must be a whole number"),
  v.minValue(MIN_PORT, `must be between ${MIN_PORT} and ${MAX_PORT}`),
  v.maxValue(MAX_PORT, `must be between ${MIN_PORT} and ${MAX_PORT}`),
);

const AuthSchema = v.strictObject({
  mode: v.optional(v.picklist(AUTH_MODES, oneOf(AUTH_MODES))),
  token: v.optional(nonEmpty),
  password: v.optional(nonEmpty),
  allowTailscale: v.optional(v.boolean("must be true or false")),
});

const TailscaleSchema = v.strictObject({
  mode: v.optional(v.picklist(TAILSCALE_MODES, oneOf(TAILSCALE_MODES))),
  resetOnExit: v.optional(v.boolean("must be true or false")),
});

const RemoteSchema = v.strictObject({
  url: v.optional(v.pipe(v.string("must be a string"), v.regex(/^wss?:\/\/\S+$/, "must be a ws:// or wss:// URL"))),
  token: v.optional(nonEmpty),
  password: v.optional(nonEmpty),
});

// Device nodes: local direct devices are paired without asking unless autoApproveLocal is
// false; allowCommands/denyCommands adjust the per-platform command allowlist.
const NodesSchema = v.strictObject({
  autoApproveLocal: v.optional(v.boolean("must be true or false")),
  allowCommands: v.optional(v.array(nonEmpty, "must be a list of command names")),
  denyCommands: v.optional(v.array(nonEmpty, "must be a list of command names")),
});

/** One tunable server limit under `gateway.limits`: its bounds, its default and what it protects (README, config.schema). */
export interface GatewayLimitSpec {
  min: number;
  max: number;
  default: number;
  unit: string;
  protects: string;
}

// The gateway-server options (same names) a user may need to tune; the rest of limits.ts stays
// fixed. Bounds: `min` leaves room for ordinary clients (a connect request carrying a device
// identity and signature, a handshake over a slow link, a browser's upgrade headers); `max` keeps
// each limit a limit and inside what uWS can do (its hard send buffer is
// UWS_MAX_BACKPRESSURE_BYTES, its own request-head limit UWS_MAX_HEADER_BYTES).
export const GATEWAY_LIMITS = {
  maxConnections: {
    min: 1,
    max: 1_000_000,
    default: MAX_CONNECTIONS,
    unit: "sockets",
    protects: "memory and file descriptors: open sockets (authenticated or not) beyond it get 503",
  },
  maxPendingHandshakesPerSource: {
    min: 1,
    max: 100_000,
    default: MAX_PENDING_HANDSHAKES_PER_SOURCE,
    unit: "sockets",
    protects: "handshake floods from one address: one more closes that source's oldest pending socket (1013)",
  },
  maxPayloadBytes: {
    min: 4096,
    max: 64 * 1024 * 1024,
    default: MAX_PAYLOAD_BYTES,
    unit: "bytes",
    protects: "memory per inbound message: a larger frame closes the socket (1009)",
  },
  maxBufferedBytes: {
    min: 65_536,
    max: UWS_MAX_BACKPRESSURE_BYTES / 2,
    default: MAX_BUFFERED_BYTES,
    unit: "bytes",
    protects: "memory held for slow clients: above it droppable events are skipped for that socket",
  },
  handshakeTimeoutMs: {
    min: 1000,
    max: 300_000,
    default: HANDSHAKE_TIMEOUT_MS,
    unit: "ms",
    protects: "sockets that open and never send `connect`: closed after it",
  },
  maxInFlightRequests: {
    min: 1,
    max: 10_000,
    default: MAX_IN_FLIGHT_REQUESTS,
    unit: "requests",
    protects: "work one connection can queue: more concurrent requests are refused, not queued",
  },
  maxUpgradeHeaderBytes: {
    min: 1024,
    max: UWS_MAX_HEADER_BYTES,
    default: MAX_UPGRADE_HEADER_BYTES,
    unit: "bytes",
    protects: "memory per upgrade request: a bigger request head gets 431",
  },
} as const satisfies Record<string, GatewayLimitSpec>;

/** The keys of `gateway.limits`, in README order. */
export type GatewayLimitName = keyof typeof GATEWAY_LIMITS;

function limitSchema(name: GatewayLimitName) {
  const { min, max } = GATEWAY_LIMITS[name];
  const message = `must be an integer from ${min} to ${max} (default ${GATEWAY_LIMITS[name].default}); set it in range or remove the key`;
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
}

// Strict like the rest of the gateway section: gateway.limits.maxConnection (typo) must fail.
const LimitsSchema = v.strictObject(
  Object.fromEntries(Object.keys(GATEWAY_LIMITS).map((name) => [name, v.optional(limitSchema(name as GatewayLimitName))])) as {
    [K in GatewayLimitName]: v.OptionalSchema<ReturnType<typeof limitSchema>, undefined>;
  },
);

// The gateway section is strict: a typo in a security-relevant key (gateway.auth.tokne)
// must fail loudly instead of silently running without auth.
const GatewaySchema = v.strictObject({
  mode: v.optional(v.picklist(GATEWAY_MODES, oneOf(GATEWAY_MODES))),
  port: v.optional(PortSchema),
  bind: v.optional(v.picklist(BIND_MODES, oneOf(BIND_MODES))),
  customBindHost: v.optional(v.pipe(v.string("must be a string"), v.ip("must be an IP address"))),
  auth: v.optional(AuthSchema),
  tailscale: v.optional(TailscaleSchema),
  remote: v.optional(RemoteSchema),
  // Proxies whose X-Forwarded-For / X-Real-IP / Tailscale headers count (addresses or CIDR ranges).
  trustedProxies: v.optional(
    v.array(
      v.pipe(
        v.string("must be a string"),
        v.check((s) => TRUSTED_PROXY_PATTERN.test(s) && isIpOrCidr(s), "must be an IP address or CIDR range (e.g. 127.0.0.1 or 10.0.0.0/8)"),
      ),
      "must be a list of IP addresses or CIDR ranges",
    ),
  ),
  nodes: v.optional(NodesSchema),
  // Server limits (GATEWAY_LIMITS); unset keys keep the server's defaults.
  limits: v.optional(LimitsSchema),
});

// Everything outside `gateway` is loose: applications keep their own sections in the same
// file, and the gateway only reads `agents.defaults.model`.
const AgentsSchema = v.looseObject({
  defaults: v.optional(
    v.looseObject({
      model: v.optional(v.string("must be a string")),
      workspace: v.optional(v.string("must be a string")),
    }),
  ),
});

// A plugin entry is strict for the same reason: `enable: false` must not load the plugin anyway.
const PluginEntrySchema = v.strictObject({
  module: nonEmpty,
  config: v.optional(v.unknown()),
  enabled: v.optional(v.boolean("must be true or false")),
});

/** The whole config file (`clawd.json`). */
export const ConfigSchema = v.looseObject({
  gateway: v.optional(GatewaySchema),
  agents: v.optional(AgentsSchema),
  plugins: v.optional(v.array(PluginEntrySchema, "must be a list of { module, config, enabled }")),
});

/** A validated config. */
export type ClawdConfig = v.InferOutput<typeof ConfigSchema>;

/** One problem in a config: the dotted key (or `<root>`) and what is wrong with it. */
export interface ConfigIssue {
  key: string;
  message: string;
}

/** Validates a parsed config; returns it or the list of issues. */
export function validateConfig(input: unknown): { ok: true; config: ClawdConfig } | { ok: false; issues: ConfigIssue[] } {
  const result = v.safeParse(ConfigSchema, input);
  const lists = listsGivenForObjects(ConfigSchema as SchemaNode, input, []);
  if (result.success && lists.length === 0) return { ok: true, config: result.output };
  // A section given as a list is one issue, not one "unknown key" per element.
  const underList = (key: string) => lists.some((l) => key.startsWith(`${l.key}.`));
  // One line per key and message: a value failing several checks of one pipe (Infinity is
  // neither an integer nor in range of a gateway.limits key) shares their message.
  const seen = new Set<string>();
  const once = (i: ConfigIssue) => !seen.has(`${i.key}\n${i.message}`) && Boolean(seen.add(`${i.key}\n${i.message}`));
  const rest = (result.issues ?? []).map(describeIssue).filter((i) => !underList(i.key) && once(i));
  return { ok: false, issues: [...lists, ...rest] };
}

/** The parts of a valibot schema the walk below reads. */
interface SchemaNode {
  type: string;
  entries?: Record<string, SchemaNode>;
  wrapped?: SchemaNode;
  item?: SchemaNode;
}

/**
 * valibot's object schemas accept arrays (`"auth": []` passed, and the gateway then ran with
 * no auth): every place where the schema wants an object and the file has a list is an issue.
 */
function listsGivenForObjects(schema: SchemaNode, value: unknown, path: string[]): ConfigIssue[] {
  if (schema.type === "optional") return value === undefined || !schema.wrapped ? [] : listsGivenForObjects(schema.wrapped, value, path);
  if (schema.entries) {
    if (Array.isArray(value)) return [{ key: path.length ? path.join(".") : "<root>", message: "must be an object" }];
    if (typeof value !== "object" || value === null) return [];
    const record = value as Record<string, unknown>;
    return Object.entries(schema.entries).flatMap(([key, child]) =>
      Object.hasOwn(record, key) ? listsGivenForObjects(child, record[key], [...path, key]) : [],
    );
  }
  if (schema.type === "array" && schema.item && Array.isArray(value)) {
    const item = schema.item;
    return value.flatMap((element, i) => listsGivenForObjects(item, element, [...path, String(i)]));
  }
  return [];
}

const MISPLACED_KEYS: Record<string, string> = {
  "gateway.token": 'unknown key; use "gateway.auth.token" instead',
  "gateway.password": 'unknown key; use "gateway.auth.password" instead',
};

function describeIssue(issue: v.BaseIssue<unknown>): ConfigIssue {
  const key = v.getDotPath(issue) ?? "<root>";
  // strict_object reports both an unknown key (expected "never") and a value that is not an object.
  if (issue.type === "strict_object" && issue.expected === "never") {
    if (key.startsWith("gateway.limits.") && !MISPLACED_KEYS[key]) {
      return { key, message: `unknown key; gateway.limits takes ${Object.keys(GATEWAY_LIMITS).join(", ")}` };
    }
    return { key, message: MISPLACED_KEYS[key] ?? "unknown key (check the spelling)" };
  }
  if (issue.type === "strict_object") return { key, message: "must be an object" };
  if (issue.type === "object" || issue.type === "loose_object") return { key, message: "must be an object" };
  return { key, message: issue.message };
}
