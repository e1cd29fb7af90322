// The dashboard's address with the secret in the URL fragment: browsers never send the
// fragment to the server, so the secret reaches neither a request line nor a server log.

/** `http://host:port/#token=…` (or `#password=…`); the page reads and then erases the fragment. */
export function dashboardUrl(httpBase: string, secret?: { token?: string; password?: string }): string {
  const base = httpBase.endsWith("/") ? httpBase : `${httpBase}/`;
  if (secret?.token) return `${base}#token=${encodeURIComponent(secret.token)}`;
  if (secret?.password) return `${base}#password=${encodeURIComponent(secret.password)}`;
  return base;
}
