// A plugin that cannot load stops the gateway start: this error carries the facts the CLI
// words (plugin, module path, cause). Identified by a marker, never by instanceof, so two
// copies of this package still recognise each other's errors.

const MARKER = Symbol.for("clawd.gateway-plugin.load-error");

/** Why a plugin did not load. */
export type PluginLoadErrorCode = "MODULE_NOT_FOUND" | "IMPORT_FAILED" | "INVALID_PLUGIN" | "INVALID_CONFIG" | "SETUP_FAILED" | "NAME_CLASH";

/** A plugin failed to load; `plugin` is its name when known, `module` the resolved path or specifier. */
export class PluginLoadError extends Error {
  readonly [MARKER] = true;
  constructor(
    readonly code: PluginLoadErrorCode,
    readonly plugin: string | undefined,
    readonly module: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`plugin ${plugin ? `"${plugin}"` : "(unnamed)"} (${module}): ${reason}`, options);
    this.name = "PluginLoadError";
  }

  /** Recognises a PluginLoadError from any copy of this package. */
  static isInstance(value: unknown): value is PluginLoadError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}
