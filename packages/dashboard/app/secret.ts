// Where the page gets the gateway secret: the URL fragment (`clawd dashboard` puts it there;
// browsers never send fragments to the server) or the sign-in form. Kept in sessionStorage,
// so it lives as long as the tab and never in the address bar, history or a server log.

export interface GatewaySecret {
  kind: "token" | "password";
  value: string;
}

/** sessionStorage key of the secret. */
export const SECRET_STORAGE_KEY = "clawd.dashboard.secret";

/** Reads `#token=…` or `#password=…` (pure); anything else in the fragment is ignored. */
export function parseFragmentSecret(hash: string): GatewaySecret | undefined {
  const params = new URLSearchParams(hash.startsWith("#") ? hash.slice(1) : hash);
  for (const kind of ["token", "password"] as const) {
    const value = params.get(kind);
    if (value) return { kind, value };
  }
  return undefined;
}

/** Removes the secret from the fragment, keeping the rest of it (pure). */
export function stripFragmentSecret(hash: string): string {
  const params = new URLSearchParams(hash.startsWith("#") ? hash.slice(1) : hash);
  params.delete("token");
  params.delete("password");
  const rest = params.toString();
  return rest ? `#${rest}` : "";
}

/** Takes the secret from the fragment (erasing it from the address bar) or from the tab's storage. */
export function takeInitialSecret(): GatewaySecret | undefined {
  const fromFragment = parseFragmentSecret(location.hash);
  if (fromFragment) {
    history.replaceState(null, "", `${location.pathname}${stripFragmentSecret(location.hash)}`);
    rememberSecret(fromFragment);
    return fromFragment;
  }
  try {
    const stored = sessionStorage.getItem(SECRET_STORAGE_KEY);
    return stored ? (JSON.parse(stored) as GatewaySecret) : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the secret for this tab only (or forgets it with undefined). */
export function rememberSecret(secret: GatewaySecret | undefined): void {
  try {
    if (secret) sessionStorage.setItem(SECRET_STORAGE_KEY, JSON.stringify(secret));
    else sessionStorage.removeItem(SECRET_STORAGE_KEY);
  } catch {
    // Storage can be disabled; the secret then lasts until the page is reloaded.
  }
}
