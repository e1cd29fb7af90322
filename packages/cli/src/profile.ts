import { UsageError } from "./cli-error.js";

/** Profile names: a letter or digit, then letters, digits, `_` or `-` (64 characters at most). */
const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

/** The profile `gateway --dev` selects. */
export const DEV_PROFILE = "dev";

/**
 * Validates a `--profile` value. `default` (any case) means "no profile" and yields
 * `undefined`; anything else that is not a valid name is a usage error.
 */
export function parseProfileName(raw: string): string | undefined {
  const name = raw.trim();
  if (!PROFILE_NAME.test(name)) {
    throw new UsageError([
      `Invalid --profile "${raw}".`,
      'Use letters, digits, "_" and "-" only (for example: --profile work).',
    ]);
  }
  return name.toLowerCase() === "default" ? undefined : name;
}

/** Global arguments found anywhere before `--`, and the argv with them removed. */
export interface GlobalArgs {
  profile: string | undefined;
  rest: string[];
}

/**
 * Pulls `--profile <name>` / `--profile=<name>` out of argv wherever it appears (before or
 * after the command), so every command sees the same profile.
 */
export function splitGlobalArgs(argv: readonly string[]): GlobalArgs {
  const rest: string[] = [];
  let profile: string | undefined;
  let seen = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    let value: string | undefined;
    if (arg === "--profile") {
      value = argv[i + 1];
      if (value === undefined || value.startsWith("-")) {
        throw new UsageError(["--profile requires a value.", "Example: clawd --profile work gateway"]);
      }
      i++;
    } else if (arg.startsWith("--profile=")) {
      value = arg.slice("--profile=".length);
    } else {
      rest.push(arg);
      continue;
    }
    if (seen) throw new UsageError("--profile given more than once.");
    seen = true;
    profile = parseProfileName(value);
  }
  return { profile, rest };
}
