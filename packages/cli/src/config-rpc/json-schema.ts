// config.schema: the JSON Schema is derived from the valibot schema the config store validates
// with, so the two cannot drift; the hints tell a form which fields are secrets and how to label them.
import { toJsonSchema } from "@valibot/to-json-schema";
import { ConfigSchema, GATEWAY_LIMITS, type GatewayLimitName } from "../config/config-schema.js";

/** A form hint for one dotted key (the original's ConfigUiHint). */
export interface ConfigUiHint {
  label?: string;
  help?: string;
  group?: string;
  order?: number;
  advanced?: boolean;
  sensitive?: boolean;
  placeholder?: string;
}

/** The config.schema result, as the original shapes it. */
export interface ConfigSchemaResponse {
  schema: unknown;
  uiHints: Record<string, ConfigUiHint>;
  version: string;
  generatedAt: string;
}

const UI_HINTS: Record<string, ConfigUiHint> = {
  gateway: { label: "Gateway", group: "Gateway", order: 1 },
  "gateway.mode": { label: "Mode", help: "local runs the gateway here; remote points the CLI at another one." },
  "gateway.port": { label: "Port", help: "Needs a gateway restart (done in-process when changed over RPC).", placeholder: "18789" },
  "gateway.bind": { label: "Bind", help: "Which interfaces the gateway listens on. Needs a restart." },
  "gateway.customBindHost": { label: "Custom bind host", advanced: true, placeholder: "192.168.1.10" },
  "gateway.auth": { label: "Auth", help: "Changes need a restart." },
  "gateway.auth.token": { label: "Token", sensitive: true },
  "gateway.auth.password": { label: "Password", sensitive: true },
  "gateway.tailscale": { label: "Tailscale", advanced: true },
  "gateway.remote": { label: "Remote gateway", advanced: true },
  "gateway.remote.url": { label: "Remote URL", placeholder: "wss://gateway.example:18789" },
  "gateway.remote.token": { label: "Remote token", sensitive: true },
  "gateway.remote.password": { label: "Remote password", sensitive: true },
  "gateway.limits": { label: "Limits", help: "Server limits; each needs a restart. Unset keys keep the defaults.", advanced: true },
  ...Object.fromEntries(
    (Object.keys(GATEWAY_LIMITS) as GatewayLimitName[]).map((name) => {
      const spec = GATEWAY_LIMITS[name];
      const hint: ConfigUiHint = {
        label: name,
        help: `Protects ${spec.protects}. ${spec.min}–${spec.max} ${spec.unit}; needs a restart.`,
        placeholder: String(spec.default),
        advanced: true,
      };
      return [`gateway.limits.${name}`, hint];
    }),
  ),
  agents: { label: "Agents", group: "Agents", order: 2 },
  "agents.defaults.model": { label: "Default model" },
  "agents.defaults.workspace": { label: "Workspace" },
};

let cachedSchema: unknown;

/** The JSON Schema of the config file (draft-07), derived once from ConfigSchema. */
export function configJsonSchema(): unknown {
  // "ignore": checks JSON Schema cannot express (an IP address) stay server-side only.
  cachedSchema ??= toJsonSchema(ConfigSchema, { errorMode: "ignore" });
  return cachedSchema;
}

/** The config.schema result for this gateway version. */
export function buildConfigSchemaResponse(version: string, now: Date = new Date()): ConfigSchemaResponse {
  return { schema: configJsonSchema(), uiHints: UI_HINTS, version, generatedAt: now.toISOString() };
}
