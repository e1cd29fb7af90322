import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPosixCommand, quotePosixArg, quoteWindowsArg } from "./argv-quote.js";

// Reference parser of the MSVC / CommandLineToArgvW rules for the arguments after argv[0].
function parseWindowsArgs(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === " " || line[i] === "\t") i++;
    if (i >= line.length) break;
    let current = "";
    let inQuotes = false;
    for (; i < line.length; i++) {
      const ch = line[i];
      if (!inQuotes && (ch === " " || ch === "\t")) break;
      if (ch === "\\") {
        let n = 0;
        while (line[i] === "\\") {
          n++;
          i++;
        }
        if (line[i] === '"') {
          current += "\\".repeat(Math.floor(n / 2));
          if (n % 2 === 1) current += '"';
          else inQuotes = !inQuotes;
        } else {
          current += "\\".repeat(n);
          i--;
        }
        continue;
      }
      if (ch === '"') {
        inQuotes = !inQuotes;
        continue;
      }
      current += ch;
    }
    args.push(current);
  }
  return args;
}

const awkward = fc.string({ unit: fc.constantFrom("a", " ", "\t", '"', "\\", "'", "$", "%", "é", "✓", ";", "&") });

describe("quoteWindowsArg", () => {
  it("leaves plain arguments alone and quotes empty ones", () => {
    expect(quoteWindowsArg("C:\\Program\\node.exe")).toBe("C:\\Program\\node.exe");
    expect(quoteWindowsArg("")).toBe('""');
    expect(quoteWindowsArg("a b")).toBe('"a b"');
    expect(quoteWindowsArg('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteWindowsArg("C:\\dir with space\\")).toBe('"C:\\dir with space\\\\"');
  });

  it("round-trips through the CommandLineToArgvW rules (property)", () => {
    fc.assert(
      fc.property(fc.array(awkward, { maxLength: 5 }), (args) => {
        expect(parseWindowsArgs(args.map(quoteWindowsArg).join(" "))).toEqual(args);
      }),
    );
  });
});

describe("quotePosixArg", () => {
  it("leaves safe words alone and single-quotes the rest", () => {
    expect(quotePosixArg("/usr/bin/node")).toBe("/usr/bin/node");
    expect(quotePosixArg("")).toBe("''");
    expect(quotePosixArg("it's")).toBe("'it'\\''s'");
  });

  it("round-trips through a real /bin/sh (property)", () => {
    const samples = fc.sample(fc.array(awkward, { minLength: 1, maxLength: 6 }), 40);
    const script = samples.map((args) => `printf '%s\\0' ${formatPosixCommand(args)}; printf '\\n--\\n'`).join("\n");
    const out = spawnSync("/bin/sh", ["-c", script], { encoding: "utf8" });
    expect(out.status).toBe(0);
    const parsed = out.stdout
      .split("\n--\n")
      .slice(0, -1)
      .map((chunk) => chunk.split("\0").slice(0, -1));
    expect(parsed).toEqual(samples);
  });
});
