// Roles and scopes (protocol §4.2): who may call which method and receive which event.

/**
 * Scope a method requires: read (operator.read or .write), write, admin, pairing
 * (operator.pairing), approvals (operator.approvals), or node (callable by nodes only).
 */
export type MethodScope = "read" | "write" | "admin" | "pairing" | "approvals" | "node";

export const ADMIN_SCOPE = "operator.admin";
export const READ_SCOPE = "operator.read";
export const WRITE_SCOPE = "operator.write";
export const PAIRING_SCOPE = "operator.pairing";
export const APPROVALS_SCOPE = "operator.approvals";

/** Roles a client may claim in `connect`. */
export const ROLES = ["operator", "node"] as const;
export type Role = (typeof ROLES)[number];

/** Applies the upstream default: an operator that asks for no scopes gets operator.admin. */
export function normalizeScopes(role: Role, scopes: readonly string[] | undefined): string[] {
  if (scopes !== undefined && scopes.length > 0) return [...new Set(scopes)];
  return role === "operator" ? [ADMIN_SCOPE] : [];
}

/** Decides whether a client may call a method; the error text is the one clients expect. */
export function authorizeMethod(role: Role, scopes: readonly string[], required: MethodScope): { ok: true } | { ok: false; message: string } {
  if (required === "node" || role !== "operator")
    return role === "node" && required === "node" ? { ok: true } : { ok: false, message: `unauthorized role: ${role}` };
  if (scopes.includes(ADMIN_SCOPE)) return { ok: true };
  if (required === "pairing" || required === "approvals") {
    const scope = required === "pairing" ? PAIRING_SCOPE : APPROVALS_SCOPE;
    return scopes.includes(scope) ? { ok: true } : { ok: false, message: `missing scope: ${scope}` };
  }
  if (required === "read" && (scopes.includes(READ_SCOPE) || scopes.includes(WRITE_SCOPE))) return { ok: true };
  if (required === "write" && scopes.includes(WRITE_SCOPE)) return { ok: true };
  const missing = required === "read" ? READ_SCOPE : required === "write" ? WRITE_SCOPE : ADMIN_SCOPE;
  return { ok: false, message: `missing scope: ${missing}` };
}

/** Whether a client receives an event guarded by `scope` (admin receives everything). */
export function canReceiveScoped(role: Role, scopes: readonly string[], scope: string | undefined): boolean {
  if (scope === undefined) return true;
  return role === "operator" && (scopes.includes(ADMIN_SCOPE) || scopes.includes(scope));
}
