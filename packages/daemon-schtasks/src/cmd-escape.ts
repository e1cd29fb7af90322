// Writing values into a batch (.cmd) file so that cmd.exe, and then the program's C runtime,
// hand them over unchanged. The rules, in the order cmd.exe applies them to a line:
//
//  1. Percent expansion runs first, on the whole line, inside quotes too: `%` is written `%%`.
//  2. Then `^` escapes the next character and `"` toggles quote mode; outside quote mode
//     `& | < > ( )` are operators and `^` is the escape. We disable delayed expansion in the
//     script, so `!` is plain text.
//  3. The program parses its own command line (MSVC runtime rules): `\"` is a quote, and
//     backslashes are doubled only before a quote.
//
// Program path: `"<path>"` with `%` doubled (paths cannot contain `"`).
// Arguments: MSVC-quoted (quoteWindowsArg), then every `"` and every operator is caret-escaped.
//   With all quotes escaped cmd never enters quote mode, so each caret is read as an escape.
// `set "KEY=value"`: cmd takes everything between the first and the last quote; carets go only
//   on operators that fall outside quote mode as cmd toggles it on the value's own quotes.
// Line breaks and NUL cannot be carried on a batch line and are refused.
import { ServiceError, quoteWindowsArg } from "@clawd/daemon";

const CMD_OPERATORS = new Set(["^", "&", "|", "<", ">", "(", ")"]);

/** Refuses text that cannot be written on one batch line (CR, LF, NUL). */
export function assertOneLine(text: string, what: string): void {
  if (/[\r\n\0\x1a]/.test(text)) {
    throw new ServiceError(`${what} contains a line break, NUL or Ctrl-Z, which a .cmd file cannot carry: ${JSON.stringify(text)}`);
  }
}

/** Doubles `%` so batch percent expansion gives it back. */
export function escapeCmdPercent(text: string): string {
  return text.replaceAll("%", "%%");
}

/** A double-quoted path for a batch line (program, `cd /d`); paths cannot contain `"`. */
export function quoteCmdPath(filePath: string, what = "path"): string {
  assertOneLine(filePath, what);
  if (filePath.includes('"')) throw new ServiceError(`${what} contains a double quote: ${filePath}`);
  return `"${escapeCmdPercent(filePath)}"`;
}

/** One program argument for a batch command line: MSVC-quoted, then cmd-escaped. */
export function escapeCmdArg(arg: string): string {
  assertOneLine(arg, "an argument");
  let out = "";
  for (const ch of quoteWindowsArg(arg)) {
    if (ch === "%") out += "%%";
    else if (ch === '"' || CMD_OPERATORS.has(ch)) out += `^${ch}`;
    else out += ch;
  }
  return out;
}

/** The command line `"<program>" arg …` for a batch file. */
export function formatCmdCommand(argv: readonly string[]): string {
  const [program, ...args] = argv;
  if (program === undefined) throw new ServiceError("programArguments must name a program");
  return [quoteCmdPath(program, "the program path"), ...args.map(escapeCmdArg)].join(" ");
}

/** Environment names we write: letters, digits, `_`, `.`, `-`, not starting with a digit. */
export const CMD_ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** `set "KEY=value"`, escaped so cmd assigns exactly `value`. */
export function formatCmdSet(key: string, value: string): string {
  if (!CMD_ENV_NAME.test(key)) throw new ServiceError(`Environment name ${JSON.stringify(key)} cannot be written to a .cmd file.`);
  assertOneLine(value, `The value of ${key}`);
  let out = 'set "';
  let quoted = true;
  for (const ch of `${key}=${value}`) {
    if (ch === '"') {
      quoted = !quoted;
      out += ch;
    } else if (ch === "%") out += "%%";
    else if (!quoted && CMD_OPERATORS.has(ch)) out += `^${ch}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Text for a `rem` line: `%` and `^` doubled, line breaks flattened to spaces. */
export function escapeRemText(text: string): string {
  return text
    .replace(/[\r\n\0]+/g, " ")
    .replaceAll("%", "%%")
    .replaceAll("^", "^^");
}

/** The inverse of escapeRemText (for text without line breaks). */
export function unescapeRemText(text: string): string {
  return text.replace(/%%|\^\^/g, (pair) => pair[0]!);
}
