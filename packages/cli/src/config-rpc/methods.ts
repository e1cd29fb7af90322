// config.get, config.schema, config.set, config.patch, config.apply on the CLI-run gateway:
// the original's names, params and results, backed by the one config store the CLI uses
// (valibot-validated, atomic, 0600, .bak). Writes take the hash config.get returned and refuse
// a stale one, so the CLI, a dashboard and another client never overwrite each other's edits.
import { GatewayMethodError, type MethodHandler, type MethodScope } from "@clawd/gateway-server";
import * as v from "valibot";
import { type ConfigIssue, validateConfig } from "../config/config-schema.js";
import { type ConfigLoad, loadConfig, parseJsonOrJson5, serializeConfig, writeConfigAtomic } from "../config/config-store.js";
import { buildConfigSchemaResponse } from "./json-schema.js";
import { applyMergePatch } from "./merge-patch.js";
import { redactConfig, restoreRedacted } from "./redact.js";
import { changedKeys, keysNeedingRestart } from "./restart-keys.js";
import { buildConfigSnapshot, type ConfigSnapshotIssue, hashConfigText, issuePath } from "./snapshot.js";

/** Delay before the in-process restart a config write asks for (the original's default). */
export const CONFIG_RESTART_DELAY_MS = 2000;
/** Longest restart delay a client may ask for with `restartDelayMs`. */
export const MAX_CONFIG_RESTART_DELAY_MS = 60_000;

/** What the config methods need from the running gateway. */
export interface ConfigMethodsDeps {
  configPath: string;
  version: string;
  /** Restarts the gateway in-process (it re-reads the config) after `delayMs`. */
  scheduleRestart(reason: string, delayMs: number): void;
  /** Default restart delay; CONFIG_RESTART_DELAY_MS unless overridden. */
  restartDelayMs?: number;
}

type Register = (name: string, handler: MethodHandler, options: { scope: MethodScope }) => void;
type Json = Record<string, unknown>;

const NonEmpty = v.pipe(v.string("must be a string"), v.minLength(1, "must be a non-empty string"));
const NoParams = v.strictObject({});
const SetParams = v.strictObject({ raw: NonEmpty, baseHash: v.optional(NonEmpty) });
const ApplyParams = v.strictObject({
  raw: NonEmpty,
  baseHash: v.optional(NonEmpty),
  sessionKey: v.optional(v.string("must be a string")),
  note: v.optional(v.string("must be a string")),
  restartDelayMs: v.optional(v.pipe(v.number("must be a number"), v.integer("must be an integer"), v.minValue(0, "must be ≥ 0"))),
});
type WriteParams = v.InferOutput<typeof ApplyParams>;

// A strict object reports both an extra key (expected "never") and a missing one.
const describeParamIssue = (issue: v.BaseIssue<unknown>): string =>
  issue.type !== "strict_object" ? issue.message : issue.expected === "never" ? "unexpected property" : "required";

function parseParams<T extends v.GenericSchema>(method: string, schema: T, params: unknown): v.InferOutput<T> {
  const result = v.safeParse(schema, params ?? {});
  if (result.success) return result.output;
  const detail = result.issues.map((issue) => `at /${(issue.path ?? []).map((item) => String(item.key)).join("/")}: ${describeParamIssue(issue)}`).join("; ");
  throw new GatewayMethodError("INVALID_REQUEST", `invalid ${method} params: ${detail}`);
}

const invalidConfig = (issues: ConfigSnapshotIssue[]): GatewayMethodError =>
  new GatewayMethodError("INVALID_REQUEST", `invalid config: ${issues.map((i) => `${i.path || "<root>"}: ${i.message}`).join("; ")}`, { details: { issues } });

const toSnapshotIssues = (issues: readonly ConfigIssue[]): ConfigSnapshotIssue[] => issues.map((i) => ({ path: issuePath(i.key), message: i.message }));

/** Refuses a write whose base hash is missing or no longer the stored file's (the original's rule). */
export function checkBaseHash(load: ConfigLoad, baseHash: string | undefined): void {
  if (load.state === "missing") return; // nothing to lose yet
  const current = hashConfigText(load.text);
  if (!baseHash?.trim())
    throw new GatewayMethodError("INVALID_REQUEST", "config base hash required; re-run config.get and retry", { details: { reason: "base-hash-required" } });
  if (baseHash.trim() !== current) {
    throw new GatewayMethodError("INVALID_REQUEST", "config changed since last load; re-run config.get and retry", { details: { reason: "stale-base-hash" } });
  }
}

/** Writes run one at a time per file, so two writes in one gateway cannot both pass the hash check. */
const writeQueues = new Map<string, Promise<unknown>>();
function serialized<T>(path: string, task: () => Promise<T>): Promise<T> {
  const run = (writeQueues.get(path) ?? Promise.resolve()).then(task, task);
  writeQueues.set(
    path,
    run.catch(() => undefined),
  );
  return run;
}

/** Registers the five config methods (admin scope) on a gateway. */
export function registerConfigMethods(register: Register, deps: ConfigMethodsDeps): void {
  const admin = { scope: "admin" as const };
  register(
    "config.get",
    async (params) => {
      parseParams("config.get", NoParams, params);
      return buildConfigSnapshot(await loadConfig(deps.configPath));
    },
    admin,
  );
  register(
    "config.schema",
    (params) => {
      parseParams("config.schema", NoParams, params);
      return buildConfigSchemaResponse(deps.version);
    },
    admin,
  );
  register("config.set", (params) => write("config.set", parseParams("config.set", SetParams, params)), admin);
  register("config.apply", (params) => write("config.apply", parseParams("config.apply", ApplyParams, params)), admin);
  register("config.patch", (params) => write("config.patch", parseParams("config.patch", ApplyParams, params)), admin);

  const write = (method: "config.set" | "config.apply" | "config.patch", params: WriteParams) =>
    serialized(deps.configPath, async () => {
      const load = await loadConfig(deps.configPath);
      checkBaseHash(load, params.baseHash);
      const parsed = parseJsonOrJson5(params.raw);
      if (!parsed.ok) throw new GatewayMethodError("INVALID_REQUEST", `raw is ${parsed.message}`);
      const stored: Json = load.raw ?? {};
      const restored = restoreRedacted(parsed.value, stored);
      if (restored.unresolved.length > 0) throw invalidConfig(restored.unresolved);
      let next: unknown = restored.value;
      if (method === "config.patch") {
        if (load.state === "invalid")
          throw invalidConfig([
            { path: "", message: "the stored config is invalid; fix it with config.set or config.apply before patching" },
            ...toSnapshotIssues(load.issues),
          ]);
        if (typeof next !== "object" || next === null || Array.isArray(next))
          throw new GatewayMethodError("INVALID_REQUEST", "config.patch raw must be an object");
        next = applyMergePatch(stored, next);
      }
      if (typeof next !== "object" || next === null || Array.isArray(next)) throw invalidConfig([{ path: "", message: "must be a JSON object" }]);
      const validated = validateConfig(next);
      if (!validated.ok) throw invalidConfig(toSnapshotIssues(validated.issues));
      await writeConfigAtomic(deps.configPath, next as Json);
      const changed = changedKeys(stored, next);
      const restartKeys = keysNeedingRestart(changed);
      const warnings: ConfigSnapshotIssue[] = [];
      if (load.state !== "missing" && !load.strictJson) {
        warnings.push({ path: "", message: "the file was JSON5; it is now strict JSON, so its comments were dropped (the previous file is kept as .bak)" });
      }
      const restart: Record<string, unknown> = { ok: true, required: restartKeys.length > 0, keys: restartKeys };
      if (restartKeys.length > 0) {
        const delayMs = Math.min(params.restartDelayMs ?? deps.restartDelayMs ?? CONFIG_RESTART_DELAY_MS, MAX_CONFIG_RESTART_DELAY_MS);
        deps.scheduleRestart(method, delayMs);
        Object.assign(restart, { pid: process.pid, delayMs, reason: method, mode: "in-process" });
      }
      return {
        ok: true,
        path: deps.configPath,
        config: redactConfig(validated.config).value,
        hash: hashConfigText(serializeConfig(next as Json)),
        changed,
        restart,
        warnings,
      };
    });
}
