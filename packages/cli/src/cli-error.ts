/** Exit code for a runtime failure (the command was understood but could not be done). */
export const EXIT_FAILURE = 1;
/** Exit code for a usage error (bad flag, bad value, unknown command). */
export const EXIT_USAGE = 2;

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
  }
}

/** A usage error (exit code 2): a flag, argument or value the command cannot accept. */
export class UsageError extends CliError {
  constructor(lines: string | string[]) {
    super(lines, EXIT_USAGE);
    this.name = "UsageError";
  }
}

/** Message of any thrown value, without a stack. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
