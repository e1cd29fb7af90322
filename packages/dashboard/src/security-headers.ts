// The headers every dashboard response carries. The page loads only its own hashed script
// and stylesheet and talks only to its own origin (the gateway's WebSocket): no inline code,
// no CDN, no fonts, no frames.

/** Content-Security-Policy of the dashboard: same-origin script, style and socket, nothing else. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Headers added to every dashboard response (CSP, no sniffing, no referrer leaking the URL). */
export const DASHBOARD_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "content-security-policy": DASHBOARD_CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
});
