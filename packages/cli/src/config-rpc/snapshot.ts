// config.get's result, in the original's shape (path, exists, raw, parsed, valid, config, hash,
// issues, warnings, legacyIssues), with secrets redacted. The hash is of the file as stored,
// so a write can tell whether the file changed since the client read it.
import { createHash } from "node:crypto";
import type { ConfigLoad } from "../config/config-store.js";
import { redactConfig, redactConfigText } from "./redact.js";

/** One problem, as the original names it: a dotted path ("" for the file) and a message. */
export interface ConfigSnapshotIssue {
  path: string;
  message: string;
}

/** The config.get result. */
export interface ConfigSnapshot {
  path: string;
  exists: boolean;
  raw: string | null;
  parsed: unknown;
  valid: boolean;
  config: unknown;
  hash: string;
  issues: ConfigSnapshotIssue[];
  warnings: ConfigSnapshotIssue[];
  legacyIssues: ConfigSnapshotIssue[];
}

/** SHA-256 (hex) of the stored file text; a missing file hashes as empty text, like the original. */
export function hashConfigText(text: string | undefined): string {
  return createHash("sha256")
    .update(text ?? "")
    .digest("hex");
}

/** The issue path of a store issue key (`<file>` and `<root>` are the whole file: ""). */
export function issuePath(key: string): string {
  return key.startsWith("<") ? "" : key;
}

/** Builds the redacted snapshot of a loaded config. */
export function buildConfigSnapshot(load: ConfigLoad): ConfigSnapshot {
  const hash = hashConfigText(load.text);
  const parsed = redactConfig(load.raw ?? {});
  const config = load.state === "invalid" ? {} : redactConfig(load.config).value;
  const warnings: ConfigSnapshotIssue[] = [];
  if (load.state !== "missing" && !load.strictJson && load.raw !== undefined) {
    warnings.push({ path: "", message: "the file is JSON5; a write through config.set/patch/apply stores strict JSON and drops its comments" });
  }
  return {
    path: load.path,
    exists: load.state !== "missing",
    raw: load.text === undefined ? null : redactConfigText(load.text, parsed.value, parsed.secrets),
    parsed: parsed.value,
    valid: load.state !== "invalid",
    config,
    hash,
    issues: load.state === "invalid" ? load.issues.map((issue) => ({ path: issuePath(issue.key), message: issue.message })) : [],
    warnings,
    legacyIssues: [],
  };
}
