import type { DeviceBlock } from "./device-signer.js";
import { PROTOCOL_VERSION } from "./limits.js";

/** Client ids the original's own clients send; the server accepts any well-formed id (CLIENT_ID_PATTERN). */
export const GATEWAY_CLIENT_IDS = [
  "webchat-ui",
  "clawdbot-control-ui",
  "clawdbot-macos",
  "clawdbot-ios",
  "clawdbot-android",
  "clawdbot-probe",
  "moltbot-control-ui",
  "webchat",
  "cli",
  "gateway-client",
  "moltbot-macos",
  "moltbot-ios",
  "moltbot-android",
  "node-host",
  "test",
  "fingerprint",
  "moltbot-probe",
] as const;

/** Longest `client.id` the server accepts, in characters. */
export const MAX_CLIENT_ID_CHARS = 64;
/** A well-formed `client.id`: a letter or digit, then letters, digits, `.`, `_`, `:` or `-`. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/** Client modes the server's schema accepts in `client.mode` (protocol §3.3). */
export const GATEWAY_CLIENT_MODES = ["webchat", "cli", "ui", "backend", "node", "probe", "test"] as const;

/** Operator scopes requested when the caller names none. */
export const DEFAULT_SCOPES = ["operator.admin"] as const;

/** One of {@link GATEWAY_CLIENT_IDS}, or any other well-formed id. */
export type GatewayClientId = (typeof GATEWAY_CLIENT_IDS)[number] | (string & {});
/** One of {@link GATEWAY_CLIENT_MODES}. */
export type GatewayClientMode = (typeof GATEWAY_CLIENT_MODES)[number];

/** The `params` of the `connect` request. */
export interface ConnectParams {
  minProtocol: number;
  maxProtocol: number;
  client: {
    id: string;
    version: string;
    platform: string;
    mode: string;
    instanceId?: string;
    displayName?: string;
  };
  role: "operator" | "node";
  scopes: string[];
  caps?: string[];
  commands?: string[];
  pathEnv?: string;
  auth?: { token?: string; password?: string };
  device?: DeviceBlock;
}

/** What the caller chooses about its identity and credentials. */
export interface ConnectIdentity {
  clientName?: string;
  mode?: string;
  clientVersion?: string;
  platform?: string;
  instanceId?: string;
  displayName?: string;
  scopes?: string[];
  /** `node` connects as a node (no scopes; declare `caps` and `commands`). Default operator. */
  role?: "operator" | "node";
  caps?: string[];
  commands?: string[];
  pathEnv?: string;
  token?: string;
  password?: string;
}

/** Throws a usage error when `clientName` or `mode` would fail the server's check. */
export function assertValidIdentity(identity: ConnectIdentity): void {
  const id = identity.clientName ?? "gateway-client";
  const mode = identity.mode ?? "backend";
  if (id.length > MAX_CLIENT_ID_CHARS || !CLIENT_ID_PATTERN.test(id)) {
    throw new TypeError(
      `clientName "${id}" is not accepted by the gateway; use 1-${MAX_CLIENT_ID_CHARS} letters, digits, '.', '_', ':' or '-', starting with a letter or digit (e.g. ${GATEWAY_CLIENT_IDS.slice(0, 3).join(", ")})`,
    );
  }
  if (!(GATEWAY_CLIENT_MODES as readonly string[]).includes(mode)) {
    throw new TypeError(`mode "${mode}" is not accepted by the gateway; use one of: ${GATEWAY_CLIENT_MODES.join(", ")}`);
  }
}

/** Builds ConnectParams; optional fields are left out rather than sent empty. */
export function buildConnectParams(identity: ConnectIdentity, platform: string): ConnectParams {
  const client: ConnectParams["client"] = {
    id: identity.clientName ?? "gateway-client",
    version: identity.clientVersion || "dev",
    platform: identity.platform || platform || "unknown",
    mode: identity.mode ?? "backend",
  };
  if (identity.instanceId) client.instanceId = identity.instanceId;
  if (identity.displayName) client.displayName = identity.displayName;
  const params: ConnectParams = {
    minProtocol: PROTOCOL_VERSION,
    maxProtocol: PROTOCOL_VERSION,
    client,
    role: identity.role ?? "operator",
    scopes: identity.role === "node" ? [...(identity.scopes ?? [])] : identity.scopes?.length ? [...identity.scopes] : [...DEFAULT_SCOPES],
  };
  if (identity.caps) params.caps = [...identity.caps];
  if (identity.commands) params.commands = [...identity.commands];
  if (identity.pathEnv !== undefined) params.pathEnv = identity.pathEnv;
  if (identity.token || identity.password) {
    params.auth = {};
    if (identity.token) params.auth.token = identity.token;
    if (identity.password) params.auth.password = identity.password;
  }
  return params;
}

/** The running platform: `process.platform` in Node, the user agent's platform in browsers. */
export function currentPlatform(): string {
  const g = globalThis as { process?: { platform?: string }; navigator?: { platform?: string } };
  return g.process?.platform ?? g.navigator?.platform ?? "browser";
}
