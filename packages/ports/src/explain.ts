import type { HiddenSocket, Listener, PortScan } from "./listener-types.js";
import { hintsFor } from "./classify.js";
import { scanPort, type LookupOptions } from "./find-listeners.js";
import { PROBE_HOSTS, probeBind } from "./bind-probe.js";
import { assertValidPort } from "./port-number.js";
import { redactSecrets } from "./redact.js";

/** Options of explainPortInUse: the lookup's, plus whether to redact secrets. */
export interface ExplainOptions extends LookupOptions {
  /** Replace secret values (`--token X`, `*_PASSWORD=X`, `?token=X`) in command lines with `***`. Default true. */
  redact?: boolean;
}

/** Who holds a port and what to do about it; `text` is what the CLI prints on EADDRINUSE. */
export interface PortExplanation {
  port: number;
  status: "free" | "busy" | "unknown";
  listeners: Listener[];
  hints: string[];
  text: string;
  /** Listening sockets whose process we cannot see (another user's). */
  hidden?: HiddenSocket[];
  /** Why status is unknown, or what the lookup could not do. */
  errors?: string[];
}

function formatAddress(l: Pick<Listener, "address" | "family">): string {
  return l.family === "IPv6" && l.address !== "*" ? `[${l.address}]` : l.address;
}

function redactListener(l: Listener): Listener {
  return l.commandLine === undefined ? l : { ...l, commandLine: redactSecrets(l.commandLine) };
}

/** Pure: turns a lookup result into the explanation (status, hints, text); command lines redacted unless `redact` is false. */
export function explainScan(port: number, found: PortScan, bindBusy: boolean | "unknown", errors: string[] = [], redact = true): PortExplanation {
  const scan = redact ? { ...found, listeners: found.listeners.map(redactListener) } : found;
  const busy = scan.listeners.length > 0 || scan.hidden.length > 0 || bindBusy === true;
  const status = busy ? "busy" : bindBusy === "unknown" ? "unknown" : "free";
  const hints = busy ? hintsFor(port, scan.listeners) : [];
  if (scan.hidden.length > 0) {
    const owners = [...new Set(scan.hidden.map((h) => h.user ?? (h.uid === undefined ? "another user" : `uid ${h.uid}`)))].join(", ");
    hints.push(`A process of ${owners} listens here and is not visible to you: run with sudo to see it, or stop it as that user.`);
  } else if (busy && scan.listeners.length === 0) {
    hints.push("Port is in use but process details are unavailable (run as an administrator to see them).");
  }
  const lines: string[] = [];
  if (status === "free") lines.push(`Port ${port} is free.`);
  else if (status === "unknown") lines.push(`Port ${port}: could not tell whether it is free (${errors.join("; ") || "bind probe failed"}).`);
  else lines.push(`Port ${port} is already in use.`);
  // One line per process with all its addresses (upstream kept only the first).
  const pids = [...new Set(scan.listeners.map((l) => l.pid))];
  for (const pid of pids) {
    const own = scan.listeners.filter((l) => l.pid === pid);
    const first = own[0]!;
    const who = `${first.user ? ` ${first.user}` : ""}: ${first.commandLine ?? first.command}`;
    lines.push(`- pid ${pid}${who} (${own.map((l) => `${formatAddress(l)}:${port}`).join(", ")})`);
  }
  for (const h of scan.hidden) {
    lines.push(`- pid ?${h.user ? ` ${h.user}` : h.uid === undefined ? "" : ` uid ${h.uid}`}: not visible (${formatAddress(h)}:${port})`);
  }
  for (const hint of hints) lines.push(`- ${hint}`);
  const explanation: PortExplanation = { port, status, listeners: status === "busy" ? scan.listeners : [], hints, text: lines.join("\n") };
  if (scan.hidden.length > 0) explanation.hidden = scan.hidden;
  if (errors.length > 0) explanation.errors = errors;
  return explanation;
}

/** Bind-probes every host: true busy, false free, "unknown" when no probe could decide. */
async function probeAll(port: number): Promise<boolean | "unknown"> {
  let decided = false;
  for (const host of PROBE_HOSTS) {
    const result = await probeBind(port, host);
    if (result === "busy") return true;
    if (result === "free") decided = true;
  }
  return decided ? false : "unknown";
}

/**
 * Explains who holds `port` (pid, user, command line, addresses) with hints: our gateway
 * → stop it where it runs (no profile is assumed); an ssh tunnel; anything else → `--port` or `--force`. Falls back
 * to a bind probe when the lookup finds no process or fails. Secrets in command lines are
 * redacted unless `options.redact` is false.
 */
export async function explainPortInUse(port: number, options: ExplainOptions = {}): Promise<PortExplanation> {
  assertValidPort(port);
  const errors: string[] = [];
  let scan: PortScan = { listeners: [], hidden: [] };
  try {
    scan = await scanPort(port, options);
  } catch (err) {
    errors.push(err instanceof Error ? err.message : String(err));
  }
  const found = scan.listeners.length > 0 || scan.hidden.length > 0;
  return explainScan(port, scan, found ? true : await probeAll(port), errors, options.redact ?? true);
}
