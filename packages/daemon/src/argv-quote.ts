// Quoting one argv element for a human-readable (and copy-pasteable) command line. Used in
// hints and status output; service files use their own format-specific quoting.

const POSIX_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes an argument for a POSIX shell (single quotes; `'` becomes `'\''`). */
export function quotePosixArg(arg: string): string {
  if (POSIX_SAFE.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** Quotes an argument so CommandLineToArgvW / the MSVC runtime parses it back unchanged. */
export function quoteWindowsArg(arg: string): string {
  if (arg !== "" && !/[\s"]/.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === "\\") {
      backslashes++;
      continue;
    }
    // Backslashes are literal unless they precede a quote: then each one must be doubled.
    if (ch === '"') out += `${"\\".repeat(backslashes * 2 + 1)}"`;
    else out += "\\".repeat(backslashes) + ch;
    backslashes = 0;
  }
  return `${out}${"\\".repeat(backslashes * 2)}"`;
}

/** Joins argv into one POSIX shell command line. */
export function formatPosixCommand(argv: readonly string[]): string {
  return argv.map(quotePosixArg).join(" ");
}
