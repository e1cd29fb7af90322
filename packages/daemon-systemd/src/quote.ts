// Quoting for systemd unit files, per systemd.syntax(7), systemd.unit(5) and
// systemd.service(5). Three layers apply to a value, in this order when systemd reads it:
//   1. specifier expansion on the whole value: `%%` → `%` (in every setting we write);
//   2. word splitting with quotes and C escapes (ExecStart=, Environment=);
//   3. at exec time only, `$$` → `$` and `$VAR`/`${VAR}` substitution (ExecStart=).
// We write the inverse: every ExecStart argument and every Environment assignment in double
// quotes with `\\`, `\"`, C escapes for control characters, `%%` and (ExecStart only) `$$`.
import { ServiceError } from "@clawd/daemon";

/** `%` → `%%`, so systemd's specifier expansion gives the text back unchanged. */
export function escapeSpecifiers(value: string): string {
  return value.replaceAll("%", "%%");
}

/** `%%` → `%`; other specifiers (`%h`, `%i` …) are kept literally since we never write them. */
export function unescapeSpecifiers(value: string): string {
  return value.replace(/%(.)/gsu, (match, next: string) => (next === "%" ? "%" : match));
}

const C_ESCAPES: Record<string, string> = { "\n": "\\n", "\t": "\\t", "\r": "\\r", "\v": "\\v", "\f": "\\f", "\b": "\\b", "\x07": "\\a" };

/** Double-quotes a word with backslash, quote and C escapes (no specifier or `$` handling). */
function quoteWord(value: string): string {
  let out = '"';
  for (const ch of value) {
    if (ch === "\\" || ch === '"') out += `\\${ch}`;
    else if (C_ESCAPES[ch]) out += C_ESCAPES[ch];
    else if (ch === "\0") throw new ServiceError("A service argument or environment value contains a NUL byte.");
    else if (ch < " " || ch === "\x7f") out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Quotes one ExecStart= argument so systemd passes exactly `arg` to the process. */
export function quoteExecArg(arg: string): string {
  return escapeSpecifiers(quoteWord(arg)).replaceAll("$", "$$$$");
}

/** Renders a whole ExecStart= value from argv. */
export function formatExecStart(argv: readonly string[]): string {
  return argv.map(quoteExecArg).join(" ");
}

/** Renders one Environment= value (`"KEY=value"`, quoted and escaped). */
export function quoteEnvironmentAssignment(key: string, value: string): string {
  return escapeSpecifiers(quoteWord(`${key}=${value}`));
}

const UNESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", v: "\v", f: "\f", b: "\b", a: "\x07", s: " " };

/** Reads one C escape at `text[i]` (just after the backslash); returns the text and the next index. */
function readEscape(text: string, i: number): [string, number] {
  const ch = text[i];
  if (ch === undefined) return ["\\", i];
  if (UNESCAPES[ch] !== undefined) return [UNESCAPES[ch], i + 1];
  if (ch === "x" && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
    return [String.fromCharCode(Number.parseInt(text.slice(i + 1, i + 3), 16)), i + 3];
  }
  if (ch === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) {
    return [String.fromCodePoint(Number.parseInt(text.slice(i + 1, i + 5), 16)), i + 5];
  }
  if (ch === "U" && /^[0-9a-fA-F]{8}$/.test(text.slice(i + 1, i + 9))) {
    return [String.fromCodePoint(Number.parseInt(text.slice(i + 1, i + 9), 16)), i + 9];
  }
  if (/^[0-7]{3}$/.test(text.slice(i, i + 3))) return [String.fromCharCode(Number.parseInt(text.slice(i, i + 3), 8)), i + 3];
  // `\\`, `\"`, `\'`, `\;` and any other character stand for themselves.
  return [ch, i + 1];
}

/** The separators systemd's word splitter knows (not Unicode spaces). */
const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);

/**
 * Splits a value into words like systemd does after specifier expansion: whitespace
 * separates words, `"…"` and `'…'` group, backslash escapes work inside and outside quotes.
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && WHITESPACE.has(text[i] as string)) i++;
    if (i >= text.length) break;
    let word = "";
    let quote: string | undefined;
    for (; i < text.length; ) {
      const ch = text[i] as string;
      if (!quote && WHITESPACE.has(ch)) break;
      if (ch === "\\") {
        const [value, next] = readEscape(text, i + 1);
        word += value;
        i = next;
      } else if (quote && ch === quote) {
        quote = undefined;
        i++;
      } else if (!quote && (ch === '"' || ch === "'")) {
        quote = ch;
        i++;
      } else {
        word += ch;
        i++;
      }
    }
    words.push(word);
  }
  return words;
}

/** Parses an ExecStart= value back into argv (inverse of formatExecStart). */
export function parseExecStart(value: string): string[] {
  // Prefixes such as `-`, `@`, `+`, `!`, `:` only count outside quotes; we never write them.
  const unprefixed = value.replace(/^[-@+!:|]+(?=\S)/u, "");
  return splitWords(unescapeSpecifiers(unprefixed)).map((word) => word.replaceAll("$$", "$"));
}

/** Parses an Environment= value into its assignments, in order. */
export function parseEnvironmentValue(value: string): [key: string, value: string][] {
  return splitWords(unescapeSpecifiers(value)).flatMap((word) => {
    const eq = word.indexOf("=");
    return eq > 0 ? [[word.slice(0, eq), word.slice(eq + 1)] as [string, string]] : [];
  });
}
