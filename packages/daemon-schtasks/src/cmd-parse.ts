// Reading batch lines the way cmd.exe and the MSVC runtime do, so parseTaskScript can recover
// the exact arguments from a script. This is a model of the interpreter, written from its
// rules, not the mirror image of our escaper: round-trip tests check one against the other.
import { ServiceError } from "@clawd/daemon";

/**
 * What cmd.exe makes of a batch line before running it: `%%` → `%` (other `%` sequences
 * would expand variables and are refused), then carets outside quotes escape the next
 * character. Unescaped operators outside quotes are refused (they would end the command).
 */
export function cmdLineToText(line: string): string {
  let afterPercent = "";
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== "%") afterPercent += line[i];
    else if (line[i + 1] === "%") {
      afterPercent += "%";
      i++;
    } else throw new ServiceError(`Unexpected variable expansion at column ${i + 1} of: ${line}`);
  }
  let out = "";
  let quoted = false;
  for (let i = 0; i < afterPercent.length; i++) {
    const ch = afterPercent[i]!;
    if (ch === '"') {
      quoted = !quoted;
      out += ch;
    } else if (!quoted && ch === "^") {
      i++;
      if (i < afterPercent.length) out += afterPercent[i];
    } else if (!quoted && "&|<>".includes(ch)) {
      throw new ServiceError(`Unescaped "${ch}" at column ${i + 1} would split the command: ${line}`);
    } else {
      out += ch;
    }
  }
  return out;
}

/** Splits a command line into arguments by the MSVC runtime's rules (2008 and later). */
export function splitMsvcrtArgs(commandLine: string): string[] {
  const args: string[] = [];
  let i = 0;
  const n = commandLine.length;
  for (;;) {
    while (i < n && (commandLine[i] === " " || commandLine[i] === "\t")) i++;
    if (i >= n) return args;
    let arg = "";
    let quoted = false;
    while (i < n) {
      const ch = commandLine[i]!;
      if (!quoted && (ch === " " || ch === "\t")) break;
      if (ch === "\\") {
        let count = 0;
        while (commandLine[i + count] === "\\") count++;
        if (commandLine[i + count] === '"') {
          // 2k backslashes + quote: k backslashes, the quote is syntax; 2k+1: k and a literal quote.
          arg += "\\".repeat(Math.floor(count / 2));
          if (count % 2 === 1) {
            arg += '"';
            i += count + 1;
          } else {
            i += count;
          }
        } else {
          arg += "\\".repeat(count);
          i += count;
        }
      } else if (ch === '"') {
        if (quoted && commandLine[i + 1] === '"') {
          arg += '"';
          i += 2;
        } else {
          quoted = !quoted;
          i++;
        }
      } else {
        arg += ch;
        i++;
      }
    }
    args.push(arg);
  }
}

/** Parses a batch command line `"<program>" args…` back into argv. */
export function parseCmdCommand(line: string): string[] {
  const text = cmdLineToText(line);
  if (!text.startsWith('"')) {
    const [, program = "", rest = ""] = /^(\S*)\s*(.*)$/s.exec(text)!;
    return [program, ...splitMsvcrtArgs(rest)];
  }
  const end = text.indexOf('"', 1);
  if (end < 0) throw new ServiceError(`Unterminated program path in: ${line}`);
  return [text.slice(1, end), ...splitMsvcrtArgs(text.slice(end + 1))];
}

/** Parses `set "KEY=value"` (cmd keeps what lies between the first and the last quote). */
export function parseCmdSet(line: string): [string, string] | undefined {
  const text = cmdLineToText(line);
  const match = /^set\s+"(.*)"[^"]*$/is.exec(text);
  if (!match) return undefined;
  const body = match[1]!;
  const eq = body.indexOf("=");
  if (eq <= 0) return undefined;
  return [body.slice(0, eq), body.slice(eq + 1)];
}
