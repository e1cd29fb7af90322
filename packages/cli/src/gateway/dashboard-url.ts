// The dashboard's http(s) address from the gateway's WebSocket URL, with or without the secret.

/** `ws://h:p` → `http://h:p/`, `wss://h` → `https://h/` (pure); path, query, fragment and userinfo are dropped. */
export function httpBaseFromWsUrl(wsUrl: string): string {
  const url = new URL(wsUrl);
  url.protocol = url.protocol === "wss:" ? "https:" : "http:";
  url.username = "";
  url.password = "";
  url.pathname = "/";
  url.search = "";
  url.hash = "";
  return url.toString();
}

/** The page's URL; the secret goes in the fragment, which browsers never send to the server (pure). */
export function dashboardLink(wsUrl: string, secret: { token?: string | undefined; password?: string | undefined }): string {
  const base = httpBaseFromWsUrl(wsUrl);
  if (secret.token) return `${base}#token=${encodeURIComponent(secret.token)}`;
  if (secret.password) return `${base}#password=${encodeURIComponent(secret.password)}`;
  return base;
}
