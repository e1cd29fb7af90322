// The hello-ok payload (protocol §3.6). Swift clients decode it strictly, so every required
// field is always present; `auth` (the device token) is present only for a device connect.
import { okResponse, serializeFrame, type StateVersion } from "./frames.js";
import { PROTOCOL_VERSION } from "./limits.js";
import type { PresenceEntry } from "./presence.js";

/** Events the gateway itself emits; application broadcasts are added as they are seen. */
export const GATEWAY_EVENTS = ["connect.challenge", "tick", "presence", "health", "shutdown", "heartbeat"] as const;

/** The session defaults the original's Control UI reads from the snapshot (its chat session keys). */
export interface SessionDefaults {
  defaultAgentId: string;
  mainKey: string;
  mainSessionKey: string;
  scope?: string;
}

/** What the gateway reports when the host application sets none: the original's defaults. */
export const DEFAULT_SESSION_DEFAULTS: SessionDefaults = Object.freeze({
  defaultAgentId: "main",
  mainKey: "main",
  mainSessionKey: "agent:main:main",
  scope: "per-sender",
});

/** The device token a device connect is handed (stored by the client, sent as auth.token later). */
export interface HelloAuth {
  deviceToken: string;
  role: string;
  scopes: string[];
  issuedAtMs: number;
}

export interface HelloOk {
  type: "hello-ok";
  protocol: number;
  server: { version: string; host: string; connId: string };
  features: { methods: string[]; events: string[] };
  snapshot: {
    presence: PresenceEntry[];
    health: unknown;
    stateVersion: StateVersion;
    uptimeMs: number;
    configPath?: string;
    stateDir?: string;
    sessionDefaults: SessionDefaults;
  };
  auth?: HelloAuth;
  policy: { maxPayload: number; maxBufferedBytes: number; tickIntervalMs: number };
}

/** Builds hello-ok; optional snapshot paths are included only when configured. */
export function buildHelloOk(input: {
  version: string;
  host: string;
  connId: string;
  methods: string[];
  events: string[];
  presence: PresenceEntry[];
  health: unknown;
  stateVersion: StateVersion;
  uptimeMs: number;
  configPath?: string | undefined;
  stateDir?: string | undefined;
  sessionDefaults?: SessionDefaults | undefined;
  maxPayloadBytes: number;
  maxBufferedBytes: number;
  tickIntervalMs: number;
  auth?: HelloAuth | undefined;
}): HelloOk {
  const snapshot: HelloOk["snapshot"] = {
    presence: input.presence,
    health: input.health,
    stateVersion: { presence: input.stateVersion.presence, health: input.stateVersion.health },
    uptimeMs: Math.max(0, Math.round(input.uptimeMs)),
    sessionDefaults: input.sessionDefaults ?? DEFAULT_SESSION_DEFAULTS,
  };
  if (input.configPath) snapshot.configPath = input.configPath;
  if (input.stateDir) snapshot.stateDir = input.stateDir;
  const hello: HelloOk = {
    type: "hello-ok",
    protocol: PROTOCOL_VERSION,
    server: { version: input.version, host: input.host, connId: input.connId },
    features: { methods: input.methods, events: input.events },
    snapshot,
  } as HelloOk;
  if (input.auth) hello.auth = input.auth;
  hello.policy = { maxPayload: input.maxPayloadBytes, maxBufferedBytes: input.maxBufferedBytes, tickIntervalMs: input.tickIntervalMs };
  return hello;
}

/** The empty presence list hello-ok is serialized with, before the real list is spliced in. */
const PRESENCE_SLOT = '"snapshot":{"presence":[]';

/**
 * Serializes the `res` frame answering `connect` with `presenceJson` (a serialized
 * PresenceEntry[]) as the snapshot's presence. `hello.snapshot.presence` must be empty. The
 * slot is found by its text: a string value cannot contain it, because JSON escapes every
 * quote inside a string, so the first match is the snapshot's own key.
 */
export function serializeHelloOkResponse(id: string, hello: HelloOk, presenceJson: string): string {
  const text = serializeFrame(okResponse(id, hello));
  const at = text.indexOf(PRESENCE_SLOT);
  if (hello.snapshot.presence.length > 0 || at < 0) throw new Error("serializeHelloOkResponse: hello-ok must carry an empty presence list");
  const list = at + PRESENCE_SLOT.length - 2;
  return `${text.slice(0, list)}${presenceJson}${text.slice(list + 2)}`;
}
