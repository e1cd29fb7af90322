// ConnectParams of protocol v3 (§3.3), validated with valibot. Error text names the field,
// e.g. `invalid connect params: at /client/id: …`.
import * as v from "valibot";
import { MAX_CLIENT_ID_CHARS } from "./limits.js";

/** Client ids the original's own clients send (both app families); any well-formed id is accepted too. */
export const KNOWN_CLIENT_IDS = [
  "webchat-ui",
  "webchat",
  "cli",
  "gateway-client",
  "node-host",
  "test",
  "fingerprint",
  "clawdbot-control-ui",
  "clawdbot-macos",
  "clawdbot-ios",
  "clawdbot-android",
  "clawdbot-probe",
  "moltbot-control-ui",
  "moltbot-macos",
  "moltbot-ios",
  "moltbot-android",
  "moltbot-probe",
] as const;

/**
 * A well-formed client id: starts with a letter or digit, then letters, digits, `.`, `_`, `:`
 * or `-`. A client is never refused for its name, only for a malformed one.
 */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/** Client modes accepted in `client.mode`. */
export const GATEWAY_CLIENT_MODES = ["webchat", "cli", "ui", "backend", "node", "probe", "test"] as const;

const NonEmpty = v.pipe(v.string(), v.minLength(1, "must be a non-empty string"));
const PositiveInt = v.pipe(v.number(), v.integer("must be an integer"), v.minValue(1, "must be ≥ 1"));

const ClientInfo = v.strictObject({
  id: v.pipe(
    v.string("must be a string"),
    v.minLength(1, "must be a non-empty string"),
    v.regex(CLIENT_ID_PATTERN, "must start with a letter or digit and contain only letters, digits, '.', '_', ':' or '-'"),
  ),
  displayName: v.optional(NonEmpty),
  version: NonEmpty,
  platform: NonEmpty,
  deviceFamily: v.optional(NonEmpty),
  modelIdentifier: v.optional(NonEmpty),
  mode: v.picklist(GATEWAY_CLIENT_MODES, `must be one of ${GATEWAY_CLIENT_MODES.join(", ")}`),
  instanceId: v.optional(NonEmpty),
});

const DeviceInfo = v.strictObject({
  id: NonEmpty,
  publicKey: NonEmpty,
  signature: NonEmpty,
  signedAt: v.pipe(v.number(), v.integer("must be an integer"), v.minValue(0, "must be ≥ 0")),
  nonce: v.optional(NonEmpty),
});

const ConnectParamsSchema = v.strictObject({
  minProtocol: PositiveInt,
  maxProtocol: PositiveInt,
  client: ClientInfo,
  caps: v.optional(v.array(NonEmpty)),
  commands: v.optional(v.array(NonEmpty)),
  permissions: v.optional(v.record(NonEmpty, v.boolean())),
  pathEnv: v.optional(v.string()),
  role: v.optional(NonEmpty),
  scopes: v.optional(v.array(NonEmpty)),
  device: v.optional(DeviceInfo),
  auth: v.optional(v.strictObject({ token: v.optional(v.string()), password: v.optional(v.string()) })),
  locale: v.optional(v.string()),
  userAgent: v.optional(v.string()),
});

export type ConnectParams = v.InferOutput<typeof ConnectParamsSchema>;

/** Validates `connect` params; on failure the message names each offending field. */
export function parseConnectParams(
  input: unknown,
  maxClientIdChars: number = MAX_CLIENT_ID_CHARS,
): { ok: true; params: ConnectParams } | { ok: false; message: string } {
  const result = v.safeParse(ConnectParamsSchema, input);
  if (!result.success) return { ok: false, message: `invalid connect params: ${formatIssues(result.issues)}` };
  if (result.output.client.id.length > maxClientIdChars) {
    return { ok: false, message: `invalid connect params: at /client/id: must be at most ${maxClientIdChars} characters` };
  }
  return { ok: true, params: result.output };
}

/** Formats valibot issues as `at /a/b: message`, joined by `; ` (at most three). */
export function formatIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = (issue.path ?? []).map((item) => String(item.key)).join("/");
      // A strict object reports both an extra key (expected "never") and a missing one.
      const message = issue.type !== "strict_object" ? issue.message : issue.expected === "never" ? "unexpected property" : "required";
      return `at /${path}: ${message}`;
    })
    .join("; ");
}
