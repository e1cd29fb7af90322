// Tells a refused secret from an unreachable gateway, so the page can stop and ask for the
// secret instead of reconnecting forever with a wrong one.

export type FailureKind = "auth" | "rate-limited" | "unreachable";

/** Classifies a connect failure by its message, close reason and code (pure). */
export function classifyConnectFailure(error: { message?: string; closeReason?: string; code?: string }): FailureKind {
  const text = `${error.message ?? ""} ${error.closeReason ?? ""}`.toLowerCase();
  if (text.includes("too many failed auth")) return "rate-limited";
  if (text.includes("unauthorized") || text.includes("auth")) return "auth";
  return "unreachable";
}

/** The sentence the page shows for a failure; it says what to do next. */
export function describeConnectFailure(kind: FailureKind, secretKind: "token" | "password" | undefined, detail: string): string {
  if (kind === "auth") {
    const what = secretKind ?? "token";
    return secretKind
      ? `The gateway refused this ${what}. Enter the gateway's ${what} (\`clawd dashboard\` prints a link that carries it).`
      : "This gateway needs a token or password. Enter it below, or open the link `clawd dashboard` prints.";
  }
  if (kind === "rate-limited") return `Too many wrong secrets from this address; the gateway asks to wait. ${detail}`;
  return `Cannot reach the gateway: ${detail}. Is it running? (\`clawd gateway status\`)`;
}
