// Command lines we print (a port conflict names the process holding the port) may carry
// secrets: `clawd gateway --token X`, `API_TOKEN=X node …`, `ws://host/?token=X`. These
// patterns replace each secret value with REDACTED and keep everything else readable.

/** What a secret value is replaced with. */
export const REDACTED = "***";

/** Names that mark a value as secret, in flags, variables and URL parameters. */
const SECRET_NAME = "[A-Za-z0-9_-]*(?:token|password|passwd|secret|api[_-]?key)[A-Za-z0-9_-]*";

/** `--token X`, `--password=X`, `-token X`, `--api-key X` (the value up to the next space). */
const SECRET_FLAG = new RegExp(`(^|\\s)(--?${SECRET_NAME})(=|\\s+)(?!-)(\\S+)`, "gi");
/** `GATEWAY_TOKEN=X`, `CLAWD_GATEWAY_PASSWORD=X` (an environment assignment). */
const SECRET_ASSIGNMENT = new RegExp(`(^|[\\s;&|'"])(${SECRET_NAME})=([^\\s'"]+)`, "gi");
/** `?token=X` / `&password=X` in a URL. */
const SECRET_QUERY = new RegExp(`([?&]${SECRET_NAME}=)([^&#\\s]+)`, "gi");
/** `scheme://user:X@host` credentials in a URL. */
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)([^@\s/]+)@/gi;

/**
 * Replaces secret values in a command line (or any text we print) with `***`, so a port
 * conflict, `doctor` or `status` never shows another process's token or password.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(SECRET_FLAG, (_, lead: string, flag: string, sep: string) => `${lead}${flag}${sep}${REDACTED}`)
    .replace(SECRET_QUERY, (_, name: string) => `${name}${REDACTED}`)
    .replace(SECRET_ASSIGNMENT, (_, lead: string, name: string) => `${lead}${name}=${REDACTED}`)
    .replace(URL_CREDENTIALS, (_, head: string) => `${head}${REDACTED}@`);
}
