/** Exit code for a runtime failure (the command was understood but could not be done). */
export const EXIT_FAILURE = 1;
/** Exit code for a usage error (bad flag, bad value, unknown command). */
export const EXIT_USAGE = 2;

// Errors are recognised by a Symbol.for marker the constructor sets, not by instanceof: a
// second copy of this package (two versions installed, a bundled plugin) builds a different
// class, and an error from it must still be ours.
const CLI_ERROR = Symbol.for("clawd.error.CliError");
const USAGE_ERROR = Symbol.for("clawd.error.UsageError");

/** Whether `value` carries `marker` (set by an error class's constructor, from any copy of the package). */
function hasMarker(value: unknown, marker: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}

/**
 * An expected failure the user can act on: `lines[0]` says what failed, the following
 * lines say why and how to fix it. Printed without a stack trace.
 */
export class CliError extends Error {
  readonly lines: string[];
  readonly exitCode: number;
  constructor(lines: string | string[], exitCode: number = EXIT_FAILURE) {
    const all = Array.isArray(lines) ? lines : [lines];
    super(all[0] ?? "failed");
    this.name = "CliError";
    this.lines = all;
    this.exitCode = exitCode;
    Object.defineProperty(this, CLI_ERROR, { value: true });
  }

  /** A CliError (or UsageError) from any copy of @clawd/cli. */
  static isInstance(value: unknown): value is CliError {
    return hasMarker(value, CLI_ERROR);
  }
}

/** A usage error (exit code 2): a flag, argument or value the command cannot accept. */
export class UsageError extends CliError {
  constructor(lines: string | string[]) {
    super(lines, EXIT_USAGE);
    this.name = "UsageError";
    Object.defineProperty(this, USAGE_ERROR, { value: true });
  }

  /** A UsageError from any copy of @clawd/cli (a plain CliError is not one). */
  static override isInstance(value: unknown): value is UsageError {
    return hasMarker(value, USAGE_ERROR);
  }
}

/** Message of any thrown value, without a stack. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
