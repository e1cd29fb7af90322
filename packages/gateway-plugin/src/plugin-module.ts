// Finding and importing a plugin module: a path (relative to the config file) or a package
// name (resolved from the config file's folder, as if that folder required it).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { GatewayPlugin } from "./define-plugin.js";
import { PluginLoadError } from "./plugin-load-error.js";
import { isStandardSchema } from "./standard-schema.js";

/** Plugin names: lower-case, digits, dashes; they prefix every method and event name. */
export const PLUGIN_NAME_PATTERN = /^[a-z][a-z0-9-]*$/;

const isPathLike = (spec: string) => spec.startsWith(".") || isAbsolute(spec) || spec.startsWith("file:");

/** Resolves a `module` entry to an absolute file path; relative paths are taken from `baseDir` (the config's folder). */
export function resolvePluginModule(spec: string, baseDir: string): string {
  if (isPathLike(spec)) {
    const file = spec.startsWith("file:") ? new URL(spec).pathname : resolve(baseDir, spec);
    if (!existsSync(file)) throw new PluginLoadError("MODULE_NOT_FOUND", undefined, file, `module not found (from "${spec}", relative to ${baseDir})`);
    return file;
  }
  try {
    return createRequire(join(baseDir, "noop.js")).resolve(spec);
  } catch (error) {
    throw new PluginLoadError("MODULE_NOT_FOUND", undefined, spec, `package not found from ${baseDir}: install it there (npm i ${spec}) or give a path`, {
      cause: error,
    });
  }
}

// Per file, how many times it was re-imported: a later plain import (an in-process restart)
// must get the newest version, not the first one Node cached.
const generations = new Map<string, number>();

/**
 * Imports a plugin file and checks its shape. `fresh` re-imports it (a query on the URL), so
 * a dev reload gets the edited entry file; files it imports stay cached.
 */
export async function importPlugin(file: string, fresh = false): Promise<GatewayPlugin> {
  const generation = (generations.get(file) ?? 0) + (fresh ? 1 : 0);
  generations.set(file, generation);
  const url = pathToFileURL(file);
  if (generation > 0) url.search = `?reload=${generation}`;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url.href)) as Record<string, unknown>;
  } catch (error) {
    throw new PluginLoadError("IMPORT_FAILED", undefined, file, `import failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
  return checkPluginShape(mod.default ?? mod.plugin, file);
}

/** Checks that a module's default export is `{ name, setup }`; names the field that is wrong. */
export function checkPluginShape(value: unknown, file: string): GatewayPlugin {
  const plugin = value as Partial<GatewayPlugin> | undefined;
  if (typeof plugin !== "object" || plugin === null) {
    throw new PluginLoadError("INVALID_PLUGIN", undefined, file, "the module must default-export a plugin object { name, setup(api) }");
  }
  if (typeof plugin.name !== "string" || !PLUGIN_NAME_PATTERN.test(plugin.name)) {
    throw new PluginLoadError(
      "INVALID_PLUGIN",
      undefined,
      file,
      `name must be lower-case letters, digits and dashes, starting with a letter (got ${JSON.stringify(plugin.name)})`,
    );
  }
  if (typeof plugin.setup !== "function") throw new PluginLoadError("INVALID_PLUGIN", plugin.name, file, "setup must be a function setup(api)");
  if (plugin.version !== undefined && typeof plugin.version !== "string")
    throw new PluginLoadError("INVALID_PLUGIN", plugin.name, file, "version must be a string");
  if (plugin.config !== undefined && !isStandardSchema(plugin.config)) {
    throw new PluginLoadError("INVALID_PLUGIN", plugin.name, file, "config must be a schema (valibot, zod or any Standard Schema v1)");
  }
  for (const kind of ["methods", "events"] as const) {
    const claimed = (plugin.claims as Record<string, unknown> | undefined)?.[kind];
    if (claimed === undefined) continue;
    if (!Array.isArray(claimed) || claimed.some((n) => typeof n !== "string" || !CLAIM_PATTERN.test(n))) {
      throw new PluginLoadError("INVALID_PLUGIN", plugin.name, file, `claims.${kind} must be a list of names like "sessions.list" or "chat"`);
    }
  }
  return plugin as GatewayPlugin;
}

/** A claimed name: letters, digits, -, _ with dots between parts. */
const CLAIM_PATTERN = /^[A-Za-z][\w-]*(\.[A-Za-z][\w-]*)*$/;
