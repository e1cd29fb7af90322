// The one auth decision for a `connect`: shared token/password (constant time, length not
// leaked) or an identity vouched for by the `verifyIdentity` hook (Tailscale).
import { createHash, timingSafeEqual } from "node:crypto";

export type AuthMode = "none" | "token" | "password";

/** Auth as configured by the embedding application (the CLI resolves it from config/env). */
export interface GatewayAuthOptions {
  mode: AuthMode;
  token?: string;
  password?: string;
}

/** Auth after validation: a mode always carries its secret. */
export type AuthConfig = { mode: "none" } | { mode: "token"; token: string } | { mode: "password"; password: string };

/** What the hook said about the request's identity, when it was consulted. */
export type IdentityResult = { ok: true; login: string; name?: string } | { ok: false; reason: string };

export type AuthDecision =
  | { ok: true; method: "none" | "token" | "password" | "identity" | "device-token"; login?: string }
  | { ok: false; reason: AuthFailureReason; message: string };

export type AuthFailureReason = "token_missing" | "token_mismatch" | "password_missing" | "password_mismatch" | "identity_rejected";

/** Validates auth options; a mode without its secret is a startup error the user can fix. */
export function resolveAuthConfig(options: GatewayAuthOptions | undefined): AuthConfig {
  const mode = options?.mode ?? "none";
  if (mode === "none") return { mode };
  if (mode === "token") {
    if (!options?.token) throw new Error('auth mode "token" needs a token: set gateway.auth.token or CLAWD_GATEWAY_TOKEN');
    return { mode, token: options.token };
  }
  if (mode === "password") {
    if (!options?.password) throw new Error('auth mode "password" needs a password: set gateway.auth.password or CLAWD_GATEWAY_PASSWORD');
    return { mode, password: options.password };
  }
  throw new Error(`unknown auth mode "${String(mode)}": use none, token or password`);
}

/**
 * Compares two secrets in constant time. Both sides are hashed first so the comparison
 * always runs over 32 bytes and neither the time nor an early return reveals the length.
 */
export function safeEqualSecret(provided: string, expected: string): boolean {
  const a = createHash("sha256").update(provided, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}

/** The hint appended to auth errors, phrased for the kind of client that failed. */
export function authHint(kind: "token" | "password", client: { id: string; mode: string }): string {
  if (client.mode === "cli") {
    return kind === "token" ? "set gateway.remote.token to match gateway.auth.token" : "set gateway.remote.password to match gateway.auth.password";
  }
  if (client.mode === "ui" || client.mode === "webchat" || client.id === "moltbot-control-ui" || client.id === "webchat-ui") {
    return kind === "token" ? "open a tokenized dashboard URL or paste token in Control UI settings" : "enter the password in Control UI settings";
  }
  return kind === "token" ? "provide gateway auth token" : "provide gateway auth password";
}

/**
 * Decides whether one client's connect is authenticated (the CLI's decideServerAuth chooses
 * the auth the gateway starts with). A vouched identity wins; a rejected one is
 * reported alongside the shared-secret failure instead of being discarded (upstream did).
 */
export function decideConnectAuth(
  config: AuthConfig,
  provided: { token?: string | undefined; password?: string | undefined } | undefined,
  client: { id: string; mode: string },
  identity?: IdentityResult,
): AuthDecision {
  if (config.mode === "none") return { ok: true, method: "none" };
  if (identity?.ok) return identity.login ? { ok: true, method: "identity", login: identity.login } : { ok: true, method: "identity" };
  const identityNote = identity && !identity.ok ? `; tailscale identity rejected: ${identity.reason}` : "";
  const kind = config.mode;
  const given = kind === "token" ? provided?.token : provided?.password;
  const expected = kind === "token" ? config.token : config.password;
  const hint = authHint(kind, client);
  if (given === undefined || given === "") {
    const reason = kind === "token" ? "token_missing" : "password_missing";
    return { ok: false, reason, message: `unauthorized: gateway ${kind} missing (${hint})${identityNote}` };
  }
  if (!safeEqualSecret(given, expected)) {
    const reason = kind === "token" ? "token_mismatch" : "password_mismatch";
    return { ok: false, reason, message: `unauthorized: gateway ${kind} mismatch (${hint})${identityNote}` };
  }
  return { ok: true, method: kind };
}
