// Pure text for close codes and socket errors, so users see what happened and what to do.

const CLOSE_CODE_HINTS: Record<number, string> = {
  1000: "normal closure",
  1001: "going away",
  1002: "protocol error",
  1005: "no status",
  1006: "abnormal closure (no close frame)",
  1008: "policy violation",
  1009: "message too big",
  1011: "server error",
  1012: "service restart",
  4000: "tick timeout",
};

/** `gateway closed (<code>[ hint]): <reason>` — the text pending requests reject with. */
export function describeClose(code: number, reason: string): string {
  const hint = CLOSE_CODE_HINTS[code];
  return `gateway closed (${code}${hint && hint !== reason ? ` ${hint}` : ""}): ${reason || "no reason"}`;
}

/** The first errno-style code (`ECONNREFUSED`, …) found on an error, its cause, or its inner errors. */
export function socketErrorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const visit = (value: unknown): string | undefined => {
    if (typeof value !== "object" || value === null || seen.has(value)) return undefined;
    seen.add(value);
    const v = value as { code?: unknown; cause?: unknown; errors?: unknown; error?: unknown };
    if (typeof v.code === "string" && /^E[A-Z]+$/.test(v.code)) return v.code;
    for (const inner of [v.error, v.cause, ...(Array.isArray(v.errors) ? v.errors : [])]) {
      const code = visit(inner);
      if (code) return code;
    }
    return undefined;
  };
  return visit(error);
}

/** Why a socket that never opened failed, in words a user can act on. */
export function describeOpenFailure(
  url: string,
  failure: { errorCode?: string | undefined; errorMessage?: string | undefined; closeCode?: number | undefined },
): string {
  const { errorCode, errorMessage, closeCode } = failure;
  const askRunning = "is the gateway running?"; // no command here: callers (the CLI) word a hint that fits their profile
  switch (errorCode) {
    case "ECONNREFUSED":
      return `could not connect to ${url}: connection refused — ${askRunning}`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `could not connect to ${url}: host not found — check the host name in the URL`;
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `could not connect to ${url}: host unreachable (${errorCode}) — check the address and your network`;
    case "ECONNRESET":
      return `could not connect to ${url}: connection reset during the upgrade — is ${url} a Clawd gateway?`;
    default: {
      // The standard WebSocket (browsers, Node 22+) hides why an open failed, for security.
      // Node 24's (undici 7) says nothing at all: an empty error event, then close 1006.
      const silent = !errorMessage && !errorCode && closeCode === 1006;
      if (silent || (errorMessage && /network error or non-101 status/i.test(errorMessage))) {
        return `could not connect to ${url}: connection refused or not a WebSocket endpoint — ${askRunning}`;
      }
      const detail = errorMessage || errorCode || (closeCode !== undefined ? `closed with ${closeCode}` : "connection failed");
      return `could not connect to ${url}: ${detail} — ${askRunning}`;
    }
  }
}
