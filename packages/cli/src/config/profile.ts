import { UsageError } from "../cli-error.js";

/** Profile names: a letter or digit, then letters, digits, `_` or `-` (64 characters at most). */
const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

/** The profile `gateway --dev` selects. */
export const DEV_PROFILE = "dev";

/** The hint every bad profile name gets. */
const PROFILE_HINT = 'Use letters, digits, "_" and "-" only, 64 characters at most (for example: clawd --profile work gateway).';

/**
 * Validates a `--profile` value verbatim (no trimming: "work\n" is not "work"). `default`
 * (any case) means "no profile" and yields `undefined`; anything else that is not a valid
 * name is a usage error that shows the value escaped, so a newline cannot split the message.
 */
export function parseProfileName(raw: string): string | undefined {
  if (!PROFILE_NAME.test(raw)) throw new UsageError([`Invalid --profile ${JSON.stringify(raw)}.`, PROFILE_HINT]);
  return raw.toLowerCase() === "default" ? undefined : raw;
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
        throw new UsageError(["--profile requires a value.", PROFILE_HINT]);
      }
      i++;
    } else if (arg.startsWith("--profile=")) {
      value = arg.slice("--profile=".length);
    } else {
      rest.push(arg);
      continue;
    }
    if (seen) throw new UsageError(["--profile given more than once.", `Give it once. ${PROFILE_HINT}`]);
    seen = true;
    profile = parseProfileName(value);
  }
  return { profile, rest };
}
