import { isIP } from "node:net";
import { parsePort as parsePortNumber } from "@clawd/ports";
import { UsageError } from "../cli-error.js";
import { AUTH_MODES, type AuthMode, BIND_MODES, type BindMode, MAX_PORT, MIN_PORT, TAILSCALE_MODES, type TailscaleMode } from "../config/config-schema.js";

/** Accepted `--log-format` values. */
export const LOG_FORMATS = ["pretty", "json"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Raw options as cac hands them over (camelCased names). */
export type RawOptions = Record<string, unknown>;

/** Every flag of `clawd gateway`, validated. Absent flags stay `undefined`. */
export interface GatewayFlags {
  port?: number | undefined;
  bind?: BindMode | undefined;
  host?: string | undefined;
  token?: string | undefined;
  password?: string | undefined;
  auth?: AuthMode | undefined;
  tailscale?: TailscaleMode | undefined;
  tailscaleResetOnExit?: boolean | undefined;
  allowUnconfigured: boolean;
  dev: boolean;
  reset: boolean;
  force: boolean;
  verbose: boolean;
  logFormat: LogFormat;
  /** `--plugin <module>` values, in order (repeatable). */
  plugins: string[];
}

const quoteList = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");

/** A string flag's value, `undefined` when absent; repeated or empty values are usage errors. */
export function readString(options: RawOptions, key: string, flag: string): string | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new UsageError(`${flag} was given more than once.`);
  if (typeof value === "boolean") throw new UsageError(`${flag} needs a value.`);
  const text = String(value); // verbatim: main.ts keeps cac from coercing it to a number
  if (text.trim() === "") throw new UsageError([`${flag} must not be empty.`, `Give it a value, or leave ${flag} out.`]);
  return text;
}

/** A repeatable string flag's values (none → []); empty values are usage errors. */
export function readStrings(options: RawOptions, key: string, flag: string): string[] {
  const value = options[key];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((item) => {
    if (typeof item === "boolean") throw new UsageError(`${flag} needs a value.`);
    const text = String(item);
    if (text.trim() === "") throw new UsageError(`${flag} must not be empty.`);
    return text;
  });
}

/** A boolean flag's value, `undefined` when absent. */
export function readBoolean(options: RawOptions, key: string): boolean | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  return value === true || value === "true";
}

/** Parses a TCP port with @clawd/ports' one rule (digits only, 1–65535); the CLI adds the wording. `source` names the flag or variable. */
export function parsePort(raw: string, source = "--port"): number {
  const port = parsePortNumber(raw.trim());
  if (port === undefined) throw new UsageError(`Invalid ${source} "${raw}" (use a whole number from ${MIN_PORT} to ${MAX_PORT}).`);
  return port;
}

/** Parses a positive whole number of milliseconds (`--timeout`). */
export function parseTimeoutMs(raw: string, flag = "--timeout"): number {
  const ms = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    throw new UsageError(`Invalid ${flag} "${raw}" (use a positive whole number of milliseconds, for example 5000).`);
  }
  return ms;
}

/** Parses one of a fixed set of values; the error lists them all. */
export function parseChoice<T extends string>(raw: string, flag: string, values: readonly T[]): T {
  if ((values as readonly string[]).includes(raw)) return raw as T;
  throw new UsageError(`Invalid ${flag} "${raw}" (use ${quoteList(values)}).`);
}

function optionalChoice<T extends string>(options: RawOptions, key: string, flag: string, values: readonly T[]): T | undefined {
  const raw = readString(options, key, flag);
  return raw === undefined ? undefined : parseChoice(raw, flag, values);
}

/** Validates the flags of `clawd gateway` (SPEC §3 step 1). Never reads config or env. */
export function parseGatewayFlags(options: RawOptions): GatewayFlags {
  const rawPort = readString(options, "port", "--port");
  const host = readString(options, "host", "--host");
  if (host !== undefined && isIP(host) === 0) {
    throw new UsageError(`Invalid --host "${host}" (use an IP address such as 192.168.1.20).`);
  }
  let bind = optionalChoice(options, "bind", "--bind", BIND_MODES);
  if (host !== undefined) {
    if (bind !== undefined && bind !== "custom") throw new UsageError(`--host only works with --bind custom (got --bind ${bind}).`);
    bind = "custom";
  }
  const flags: GatewayFlags = {
    port: rawPort === undefined ? undefined : parsePort(rawPort),
    bind,
    host,
    token: readString(options, "token", "--token"),
    password: readString(options, "password", "--password"),
    auth: optionalChoice(options, "auth", "--auth", AUTH_MODES),
    tailscale: optionalChoice(options, "tailscale", "--tailscale", TAILSCALE_MODES),
    tailscaleResetOnExit: readBoolean(options, "tailscaleResetOnExit"),
    allowUnconfigured: readBoolean(options, "allowUnconfigured") ?? false,
    dev: readBoolean(options, "dev") ?? false,
    reset: readBoolean(options, "reset") ?? false,
    force: readBoolean(options, "force") ?? false,
    verbose: readBoolean(options, "verbose") ?? false,
    logFormat: optionalChoice(options, "logFormat", "--log-format", LOG_FORMATS) ?? "pretty",
    plugins: readStrings(options, "plugin", "--plugin"),
  };
  if (flags.reset && !flags.dev) throw new UsageError(["Use --reset with --dev.", "Example: clawd gateway --dev --reset"]);
  return flags;
}
