import { chmod, copyFile, mkdir, open, readFile } from "node:fs/promises";
import { writeFileAtomic } from "@clawd/daemon";
import { dirname } from "node:path";
import { CliError, UsageError } from "./cli-error.js";
import { type ClawdConfig, type ConfigIssue, validateConfig } from "./config-schema.js";
import { assertNoEmptyConfigSecret } from "./empty-secret.js";
import { removeStaleTempFiles } from "./stale-temp-files.js";

/** Mode of the config file and its backup: it may hold secrets. */
export const CONFIG_FILE_MODE = 0o600;
/** Mode of directories we create for state. */
export const STATE_DIR_MODE = 0o700;

type Json = Record<string, unknown>;

/** The result of reading a config file. `raw` keeps unknown keys for writing back. */
export type ConfigLoad =
  | { state: "missing"; path: string; raw: Json; config: ClawdConfig }
  | { state: "ok"; path: string; raw: Json; config: ClawdConfig }
  | { state: "invalid"; path: string; raw: Json | undefined; issues: ConfigIssue[] };

/** Reads and validates the config at `path`; a missing file is an empty config. */
export async function loadConfig(path: string): Promise<ConfigLoad> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { state: "missing", path, raw: {}, config: {} };
    throw new CliError([`Cannot read config ${path}: ${(err as Error).message}`, "Check the file's permissions."]);
  }
  let parsed: unknown;
  try {
    parsed = text.trim() === "" ? {} : JSON.parse(text);
  } catch (err) {
    return { state: "invalid", path, raw: undefined, issues: [{ key: "<file>", message: describeJsonError(text, err) }] };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { state: "invalid", path, raw: undefined, issues: [{ key: "<root>", message: "must be a JSON object" }] };
  }
  const result = validateConfig(parsed);
  if (!result.ok) return { state: "invalid", path, raw: parsed as Json, issues: result.issues };
  return { state: "ok", path, raw: parsed as Json, config: result.config };
}

/** Loads the config and turns an invalid one into the standard `Config invalid` error. */
export async function loadValidConfig(path: string): Promise<Extract<ConfigLoad, { state: "ok" | "missing" }>> {
  const load = await loadConfig(path);
  if (load.state === "invalid") {
    assertNoEmptyConfigSecret(load.raw, load.path); // an empty secret is a usage error of its own
    throw invalidConfigError(load.path, load.issues);
  }
  return load;
}

/** The error printed for an invalid config: path, each issue, and how to fix it. */
export function invalidConfigError(path: string, issues: readonly ConfigIssue[]): CliError {
  return new CliError([
    "Config invalid",
    `File: ${path}`,
    "Problem:",
    ...issues.map((i) => `- ${i.key}: ${i.message}`),
    "Fix: edit the file, or use clawd config set|unset <key>; then run clawd doctor.",
  ]);
}

function describeJsonError(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const position = /position (\d+)/.exec(message);
  const detail = message.replace(/\s*\(line \d+ column \d+\)/, "").replace(/ in JSON at position \d+/, "");
  if (!position) return `not valid JSON: ${detail}`;
  const before = text.slice(0, Number(position[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return `not valid JSON at line ${line}, column ${column}: ${detail}`;
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
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, CONFIG_FILE_MODE);
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
 */
export async function updateConfig(path: string, change: (raw: Json) => Json, options: { allowRepair?: boolean } = {}): Promise<{ config: ClawdConfig; raw: Json }> {
  const load = await loadConfig(path);
  if (load.state === "invalid" && (load.raw === undefined || !options.allowRepair)) {
    throw invalidConfigError(load.path, load.issues);
  }
  const current = load.raw ?? {};
  const next = change(current);
  if (next === current && load.state !== "invalid") return { config: load.state === "ok" ? load.config : {}, raw: current };
  const result = validateConfig(next);
  if (!result.ok) {
    throw new UsageError([
      "Refusing to write an invalid config.",
      ...result.issues.map((i) => `- ${i.key}: ${i.message}`),
      `File left unchanged: ${path}`,
    ]);
  }
  await writeConfigAtomic(path, next);
  return { config: result.config, raw: next };
}
