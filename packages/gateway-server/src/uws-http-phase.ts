// uWS limits on the HTTP phase (before the upgrade), which differ between the builds we load.
// v20.30 (trufflesuite, Node 20) closes a socket whose request head is not complete after
// ~10 s and hands heads of any size to JS. v20.57 (btc-vision, Node 20-25) waits 30 s unless
// `app.setIdleTimeout(s)` says otherwise, and answers a head over 4 KiB with its own 431
// unless UWS_HTTP_MAX_HEADERS_SIZE, read once when the binary loads, raises that. Measured
// here on both builds; this module makes v20.57 behave like v20.30 and like the `ws` transport.
import { UWS_MAX_HEADER_BYTES } from "./limits.js";
import type { UwsModule } from "./uws-loader.js";

/** The environment variable uWS v20.5x reads, once at load, for its own request-head limit in bytes. */
export const UWS_HEADER_SIZE_ENV = "UWS_HTTP_MAX_HEADERS_SIZE";

/** Raises uWS's own head limit above ours before the binary loads, so our 431 (with its body) answers; a value the user set wins. */
export function raiseUwsHeaderLimit(env: NodeJS.ProcessEnv = process.env): void {
  if (env[UWS_HEADER_SIZE_ENV] === undefined || env[UWS_HEADER_SIZE_ENV] === "") env[UWS_HEADER_SIZE_ENV] = String(UWS_MAX_HEADER_BYTES);
}

/** uWS's own head limit in bytes as configured, or an error saying how to fix the setting. */
export function uwsHeaderLimitBytes(env: NodeJS.ProcessEnv = process.env): { ok: true; bytes: number } | { ok: false; message: string } {
  const raw = env[UWS_HEADER_SIZE_ENV];
  if (raw === undefined || raw === "") return { ok: true, bytes: UWS_MAX_HEADER_BYTES };
  const bytes = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(bytes) || bytes <= 0) {
    return { ok: false, message: `invalid ${UWS_HEADER_SIZE_ENV}=${JSON.stringify(raw)}: a positive number of bytes (unset, it is ${UWS_MAX_HEADER_BYTES})` };
  }
  return { ok: true, bytes };
}

/** Checks that uWS lets every head up to maxUpgradeHeaderBytes reach our validator; the error names both fixes. */
export function checkUwsHeaderLimit(maxUpgradeHeaderBytes: number, env: NodeJS.ProcessEnv = process.env): string | null {
  const limit = uwsHeaderLimitBytes(env);
  if (!limit.ok) return limit.message;
  if (maxUpgradeHeaderBytes <= limit.bytes) return null;
  return `invalid option maxUpgradeHeaderBytes: ${maxUpgradeHeaderBytes} is above uWebSockets.js's own request-head limit of ${limit.bytes} bytes; lower it, or set ${UWS_HEADER_SIZE_ENV}=${maxUpgradeHeaderBytes} in the environment before the gateway starts`;
}

/**
 * Gives uWS's HTTP phase our header deadline where the build lets us (v20.5x); v20.30 has no
 * setter and the same deadline built in. `setIdleTimeout` bounds a socket's first request
 * head, `setResponseTimeout` the wait for the next one on a kept-alive socket (both 30 s by
 * default in v20.57, measured). Returns which of the two applied, for tests and logs.
 */
export function applyUwsHeaderDeadline(app: UwsModule, timeoutMs: number): "set" | "built-in" {
  if (typeof app.setIdleTimeout !== "function" || typeof app.setResponseTimeout !== "function") return "built-in";
  const seconds = Math.ceil(timeoutMs / 1000);
  app.setIdleTimeout(seconds);
  app.setResponseTimeout(seconds);
  return "set";
}
