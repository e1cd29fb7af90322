import { chmod, copyFile, mkdir, open, readFile } from "node:fs/promises";
import { writeFileAtomic } from "@clawd/daemon";
import JSON5 from "json5";
import { dirname } from "node:path";
import { CliError, UsageError } from "../cli-error.js";
import { commandHint } from "../command-hint.js";
import { type ClawdConfig, type ConfigIssue, validateConfig } from "./config-schema.js";
import { assertNoEmptyConfigSecret } from "./empty-secret.js";
import { removeStaleTempFiles } from "./stale-temp-files.js";

/** Mode of the config file and its backup: it may hold secrets. */
export const CONFIG_FILE_MODE = 0o600;
/** Mode of directories we create for state. */
export const STATE_DIR_MODE = 0o700;

type Json = Record<string, unknown>;

/** Said when a write replaced a JSON5 file: writes are strict JSON, so comments are gone. */
export const JSON5_DROPPED_WARNING =
  "the config file was JSON5; it is now written as strict JSON, so its comments and JSON5 formatting were dropped (the previous file is kept as .bak)";

/**
 * The result of reading a config file. `raw` keeps unknown keys for writing back; `text` is
 * the file as read (undefined when missing); `strictJson` is false when the file uses JSON5
 * (comments, trailing commas, unquoted keys), which a write, always strict JSON, drops.
 */
export type ConfigLoad =
  | { state: "missing"; path: string; raw: Json; config: ClawdConfig; text: undefined; strictJson: true }
  | { state: "ok"; path: string; raw: Json; config: ClawdConfig; text: string; strictJson: boolean }
  | { state: "invalid"; path: string; raw: Json | undefined; issues: ConfigIssue[]; text: string; strictJson: boolean };

/** Reads and validates the config at `path` (JSON or JSON5); a missing file is an empty config. */
export async function loadConfig(path: string): Promise<ConfigLoad> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { state: "missing", path, raw: {}, config: {}, text: undefined, strictJson: true };
    throw new CliError([`Cannot read config ${path}: ${(err as Error).message}`, "Check the file's permissions."]);
  }
  return parseConfigText(path, text);
}

/** Parses and validates config text (JSON or JSON5) as loadConfig does, without touching disk. */
export function parseConfigText(path: string, text: string): Extract<ConfigLoad, { state: "ok" | "invalid" }> {
  const parsed = parseJsonOrJson5(text);
  if (!parsed.ok) return { state: "invalid", path, raw: undefined, issues: [{ key: "<file>", message: parsed.message }], text, strictJson: false };
  const { value, strictJson } = parsed;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { state: "invalid", path, raw: undefined, issues: [{ key: "<root>", message: "must be a JSON object" }], text, strictJson };
  }
  const result = validateConfig(value);
  if (!result.ok) return { state: "invalid", path, raw: value as Json, issues: result.issues, text, strictJson };
  return { state: "ok", path, raw: value as Json, config: result.config, text, strictJson };
}

/** Parses JSON, falling back to JSON5 (comments, trailing commas); an error names line and column. */
export function parseJsonOrJson5(text: string): { ok: true; value: unknown; strictJson: boolean } | { ok: false; message: string } {
  if (text.trim() === "") return { ok: true, value: {}, strictJson: true };
  try {
    return { ok: true, value: JSON.parse(text), strictJson: true };
  } catch {
    // Not strict JSON: JSON5 decides, and words the error.
  }
  try {
    return { ok: true, value: JSON5.parse(text), strictJson: false };
  } catch (err) {
    return { ok: false, message: describeJson5Error(err) };
  }
}

/** Loads the config and turns an invalid one into the standard `Config invalid` error; `profile` is named in its hints. */
export async function loadValidConfig(path: string, profile: string | undefined): Promise<Extract<ConfigLoad, { state: "ok" | "missing" }>> {
  const load = await loadConfig(path);
  if (load.state === "invalid") {
    assertNoEmptyConfigSecret(load.raw, load.path, profile); // an empty secret is a usage error of its own
    throw invalidConfigError(load.path, load.issues, profile);
  }
  return load;
}

/** The error printed for an invalid config: path, each issue, and how to fix it (commands for `profile`). */
export function invalidConfigError(path: string, issues: readonly ConfigIssue[], profile: string | undefined): CliError {
  return new CliError([
    "Config invalid",
    `File: ${path}`,
    "Problem:",
    ...issues.map((i) => `- ${i.key}: ${i.message}`),
    `Fix: edit the file, or use ${commandHint(profile, "config set|unset <key>")}; then run ${commandHint(profile, "doctor")}.`,
  ]);
}

function describeJson5Error(err: unknown): string {
  const { message, lineNumber, columnNumber } = err as Error & { lineNumber?: number; columnNumber?: number };
  const detail = String(message ?? err)
    .replace(/^JSON5: /, "")
    .replace(/ at \d+:\d+$/, "");
  if (typeof lineNumber !== "number") return `not valid JSON or JSON5: ${detail}`;
  return `not valid JSON or JSON5 at line ${lineNumber}, column ${columnNumber ?? 0}: ${detail}`;
}

/** The text a config is written as: strict JSON, two-space indent, final newline. */
export function serializeConfig(value: Json): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Writes the config atomically (temp file in the same directory, fsync, rename; mode 0600)
 * in a 0700 state dir. The previous file is kept as `<path>.bak` (mode 0600). The caller validates first.
 * Afterwards, stale temp files of earlier interrupted writes are removed (stale-temp-files.ts).
 */
export async function writeConfigAtomic(path: string, value: Json): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: STATE_DIR_MODE });
  try {
    await copyFile(path, `${path}.bak`);
    await chmod(`${path}.bak`, CONFIG_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  await writeFileAtomic(path, serializeConfig(value), CONFIG_FILE_MODE);
  await syncDir(dir);
  await removeStaleTempFiles(path); // what a killed earlier write left behind
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not every platform can fsync a directory (Windows); the rename is still atomic.
  }
}

/**
 * Read-modify-write of the config. `change` gets the raw file (unknown keys included); the
 * result is validated before anything is written. An unreadable file is never overwritten;
 * a schema-invalid file is only replaced when `change` produces a valid config (that is
 * how `config set|unset` repairs it). If `change` returns its argument unchanged, nothing is written.
 * `droppedJson5` says the file was JSON5 and the write, strict JSON, dropped its comments.
 */
export async function updateConfig(
  path: string,
  change: (raw: Json) => Json,
  options: { allowRepair?: boolean; profile?: string | undefined } = {},
): Promise<{ config: ClawdConfig; raw: Json; droppedJson5: boolean }> {
  const load = await loadConfig(path);
  if (load.state === "invalid" && (load.raw === undefined || !options.allowRepair)) {
    throw invalidConfigError(load.path, load.issues, options.profile);
  }
  const current = load.raw ?? {};
  const next = change(current);
  if (next === current && load.state !== "invalid") return { config: load.state === "ok" ? load.config : {}, raw: current, droppedJson5: false };
  const result = validateConfig(next);
  if (!result.ok) {
    throw new UsageError(["Refusing to write an invalid config.", ...result.issues.map((i) => `- ${i.key}: ${i.message}`), `File left unchanged: ${path}`]);
  }
  await writeConfigAtomic(path, next);
  return { config: result.config, raw: next, droppedJson5: !load.strictJson };
}
