import { createCommandRunner } from "@clawd/daemon";

/** Time limit for `tailscale status|whois`. */
export const TAILSCALE_QUERY_TIMEOUT_MS = 5000;
/** Time limit for `tailscale serve|funnel` (they talk to the coordination server). */
export const TAILSCALE_EXPOSE_TIMEOUT_MS = 15_000;
/** How long a successful whois answer is reused. */
export const WHOIS_CACHE_MS = 60_000;
/** How long a failed whois answer is reused. */
export const WHOIS_ERROR_CACHE_MS = 5000;

/** Result of running one command. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  error?: NodeJS.ErrnoException;
}
/** Runs a command; injected so tests can record calls. */
export type Runner = (command: string, args: string[], timeoutMs: number) => Promise<RunResult>;

const runCommand = createCommandRunner();

/**
 * Spawns the command without a shell, with a timeout that is cleared however the command
 * ends: node's own `spawn({ timeout })` keeps its timer after ENOENT, which held `doctor`
 * open for 5 s when tailscale is not installed.
 */
export const spawnRunner: Runner = (command, args, timeoutMs) => runCommand(command, args, { timeoutMs });

const PERMISSION_PATTERNS = [
  "permission denied",
  "access denied",
  "operation not permitted",
  "not permitted",
  "requires root",
  "must be run as root",
  "must be run with sudo",
  "requires sudo",
  "need sudo",
];

/** True when a failed tailscale call looks like it needs root. */
export function isPermissionFailure(result: RunResult): boolean {
  if (result.error?.code === "EACCES") return true;
  const text = `${result.stdout}\n${result.stderr}`.toLowerCase();
  return PERMISSION_PATTERNS.some((p) => text.includes(p));
}

/** Extracts the JSON object from noisy output (first `{` to last `}`). */
export function parseNoisyJson(text: string): Record<string, unknown> | undefined {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(text.slice(start, end + 1)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function failure(what: string, result: RunResult): Error {
  const detail = result.error ? result.error.message : (result.stderr || result.stdout).trim() || `exit code ${result.code}`;
  return new Error(`${what} failed: ${detail}`);
}

/** The tailscale CLI as the gateway uses it. */
export class Tailscale {
  private readonly whoisCache = new Map<string, { at: number; login: string | null }>();
  constructor(
    private readonly run: Runner = spawnRunner,
    private readonly bin = "tailscale",
    private readonly now: () => number = Date.now,
  ) {}

  /** The machine's MagicDNS name (`Self.DNSName` without the dot) or first Tailscale IP. */
  async hostname(): Promise<string> {
    const result = await this.run(this.bin, ["status", "--json"], TAILSCALE_QUERY_TIMEOUT_MS);
    if (result.code !== 0) throw failure("tailscale status", result);
    const self = parseNoisyJson(result.stdout)?.Self as { DNSName?: string; TailscaleIPs?: string[] } | undefined;
    const dns = self?.DNSName?.replace(/\.$/, "");
    if (dns) return dns;
    const ip = self?.TailscaleIPs?.[0];
    if (ip) return ip;
    throw new Error("Could not determine the Tailscale DNS name or IP (tailscale status --json has no Self).");
  }

  /** Runs `tailscale <args>`, retrying once with `sudo -n` on a permission error. */
  private async runPrivileged(args: string[]): Promise<void> {
    const what = `tailscale ${args.join(" ")}`;
    const first = await this.run(this.bin, args, TAILSCALE_EXPOSE_TIMEOUT_MS);
    if (first.code === 0) return;
    if (!isPermissionFailure(first)) throw failure(what, first);
    const retry = await this.run("sudo", ["-n", this.bin, ...args], TAILSCALE_EXPOSE_TIMEOUT_MS);
    if (retry.code === 0) return;
    throw failure(what, first);
  }

  /** `tailscale serve|funnel --bg --yes <port>`. */
  expose(mode: "serve" | "funnel", port: number): Promise<void> {
    return this.runPrivileged([mode, "--bg", "--yes", String(port)]);
  }

  /** Removes only the mapping `expose` made (HTTPS 443 → our port), not the node's whole config. */
  unexpose(mode: "serve" | "funnel"): Promise<void> {
    return this.runPrivileged([mode, "--https=443", "off"]);
  }

  /** The Tailscale login behind a tailnet IP (`tailscale whois --json`), cached. */
  async whois(ip: string): Promise<string | null> {
    const cached = this.whoisCache.get(ip);
    if (cached && this.now() - cached.at < (cached.login ? WHOIS_CACHE_MS : WHOIS_ERROR_CACHE_MS)) return cached.login;
    const result = await this.run(this.bin, ["whois", "--json", ip], TAILSCALE_QUERY_TIMEOUT_MS);
    const json = result.code === 0 ? parseNoisyJson(result.stdout) : undefined;
    const profile = (json?.UserProfile ?? {}) as Record<string, unknown>;
    const login = [profile.LoginName, profile.Login, profile.login, json?.LoginName, json?.login].find(
      (v): v is string => typeof v === "string" && v.trim() !== "",
    );
    this.whoisCache.set(ip, { at: this.now(), login: login ?? null });
    return login ?? null;
  }

  /**
   * The identity hook for the server: the `tailscale-user-login` header must match what
   * `tailscale whois` says about the tailnet client the server names. The server decides
   * which peer may speak for Tailscale (the local proxy of `tailscale serve`) and hands over
   * the client address that proxy forwarded; this only asks Tailscale who that is.
   */
  async verifyIdentity(headers: Record<string, string>, tailnetAddress: string): Promise<{ login: string } | null> {
    const claimed = headers["tailscale-user-login"]?.trim();
    if (!claimed || !tailnetAddress) return null;
    const login = await this.whois(tailnetAddress);
    if (!login || login.toLowerCase() !== claimed.toLowerCase()) return null;
    return { login };
  }
}
