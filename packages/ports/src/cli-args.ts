import { MAX_PORT, parsePort } from "./port-number.js";

/** The usage text printed by `--help` and after a usage error. */
export const USAGE = `Usage: clawd-ports <port> [--kill] [--dry-run] [--json] [--timeout <ms>] [--grace <ms>] [--show-secrets]

  <port>            TCP port to inspect (1-${MAX_PORT})
  --kill            stop every listener: SIGTERM, wait --grace, SIGKILL, wait --timeout
  --dry-run         show what --kill would stop, stop nothing
  --json            print one JSON object instead of text
  --timeout <ms>    total wait for the port to free (default 2000)
  --grace <ms>      wait after SIGTERM before SIGKILL (default 700)
  --show-secrets    print command lines as they are (default: --token X shows as --token ***)
  -h, --help        show this help

Exit status: 0 the port is (now) free, 1 it is not, 2 usage error.`;

/** A successfully parsed command line. */
export interface CliOptions {
  port: number;
  kill: boolean;
  dryRun: boolean;
  json: boolean;
  /** Print command lines unredacted (secret values are `***` by default). */
  showSecrets: boolean;
  timeoutMs?: number;
  graceMs?: number;
}

/** Result of parsing argv: options, a help request, or a usage error message. */
export type CliArgs = { kind: "run"; options: CliOptions } | { kind: "help" } | { kind: "error"; message: string };

function parseMs(flag: string, text: string | undefined): number | string {
  if (text === undefined || text.startsWith("--")) return `${flag} needs a value in milliseconds, e.g. ${flag} 1500.`;
  if (!/^\d{1,9}$/.test(text)) return `${flag} must be a whole number of milliseconds, got ${JSON.stringify(text)}.`;
  return Number(text);
}

/** Parses `clawd-ports` arguments (without node and the script path). Pure. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const options: Partial<CliOptions> & { kill: boolean; dryRun: boolean; json: boolean; showSecrets: boolean } = {
    kill: false,
    dryRun: false,
    json: false,
    showSecrets: false,
  };
  const ports: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    if (flag === "-h" || flag === "--help") return { kind: "help" };
    if ((flag === "--kill" || flag === "--dry-run" || flag === "--json" || flag === "--show-secrets") && inline !== undefined) {
      return { kind: "error", message: `${flag} takes no value.` };
    }
    if (flag === "--kill") options.kill = true;
    else if (flag === "--dry-run") options.dryRun = true;
    else if (flag === "--json") options.json = true;
    else if (flag === "--show-secrets") options.showSecrets = true;
    else if (flag === "--timeout" || flag === "--grace") {
      const value = parseMs(flag, inline ?? argv[++i]);
      if (typeof value === "string") return { kind: "error", message: value };
      if (flag === "--timeout") options.timeoutMs = value;
      else options.graceMs = value;
    } else if (raw.startsWith("-")) return { kind: "error", message: `Unknown option ${raw}.` };
    else ports.push(raw);
  }
  if (ports.length !== 1) {
    return { kind: "error", message: ports.length === 0 ? "Missing <port>." : `Expected one port, got ${ports.length}: ${ports.join(" ")}.` };
  }
  const port = parsePort(ports[0]!);
  if (port === undefined) return { kind: "error", message: `Invalid port ${JSON.stringify(ports[0])}: use an integer from 1 to ${MAX_PORT}.` };
  return { kind: "run", options: { ...options, port } };
}
