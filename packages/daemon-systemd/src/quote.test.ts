import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatExecStart, parseEnvironmentValue, parseExecStart, quoteEnvironmentAssignment, quoteExecArg, splitWords, unescapeSpecifiers } from "./quote.js";
import { awkwardArg } from "../test/awkward.js";

describe("quoteExecArg", () => {
  it.each([
    ["plain", '"plain"'],
    ["", '""'],
    ["a b", '"a b"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["C:\\dir\\", '"C:\\\\dir\\\\"'],
    ["100%", '"100%%"'],
    ["$HOME", '"$$HOME"'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${X} is the systemd expansion under test
    ["${X}%h", '"$${X}%%h"'],
    ["line\nnext\ttab", '"line\\nnext\\ttab"'],
    ["\x01", '"\\x01"'],
    [";", '";"'],
    ["ünï✓", '"ünï✓"'],
  ])("%j → %s", (arg, quoted) => {
    expect(quoteExecArg(arg)).toBe(quoted);
  });

  it("refuses NUL, which no argv can carry", () => {
    expect(() => quoteExecArg("a\0b")).toThrow(/NUL/);
  });

  it("round-trips any argv through formatExecStart/parseExecStart (property)", () => {
    fc.assert(
      fc.property(fc.array(awkwardArg, { minLength: 1, maxLength: 6 }), (argv) => {
        expect(parseExecStart(formatExecStart(argv))).toEqual(argv);
      }),
      { numRuns: 500 },
    );
  });

  it("never leaves a lone % or $ or an unescaped quote in the output (property)", () => {
    fc.assert(
      fc.property(awkwardArg, (arg) => {
        const quoted = quoteExecArg(arg);
        expect(quoted.replaceAll("%%", "")).not.toContain("%");
        expect(quoted.replaceAll("$$", "")).not.toContain("$");
        expect(quoted.slice(1, -1).replaceAll("\\\\", "").replaceAll('\\"', "")).not.toContain('"');
        expect(quoted).not.toMatch(/[\n\r]/);
      }),
    );
  });
});

describe("parseExecStart (units written by hand or by upstream)", () => {
  it("splits unquoted words and honours single quotes, escapes and prefixes", () => {
    expect(parseExecStart("-/usr/bin/node /opt/app/cli.js gateway --port 18789")).toEqual(["/usr/bin/node", "/opt/app/cli.js", "gateway", "--port", "18789"]);
    expect(parseExecStart(`/bin/echo 'a b' "c\\"d" e\\ f 100%% $$x`)).toEqual(["/bin/echo", "a b", 'c"d', "e f", "100%", "$x"]);
    expect(parseExecStart(`/bin/echo "\\x41\\u00e9\\101"`)).toEqual(["/bin/echo", "AéA"]);
    expect(splitWords("  a\u00a0b  ")).toEqual(["a\u00a0b"]);
  });

  it("keeps unknown specifiers literally", () => {
    expect(unescapeSpecifiers("%h/%%/%")).toBe("%h/%/%");
  });
});

describe("Environment= values", () => {
  it("quotes KEY=value and parses it back", () => {
    expect(quoteEnvironmentAssignment("A", 'x "y" 5%')).toBe('"A=x \\"y\\" 5%%"');
    expect(parseEnvironmentValue('"A=x \\"y\\" 5%%" B=2 junk')).toEqual([
      ["A", 'x "y" 5%'],
      ["B", "2"],
    ]);
  });

  it("round-trips any value (property)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/), awkwardArg, (key, value) => {
        expect(parseEnvironmentValue(quoteEnvironmentAssignment(key, value))).toEqual([[key, value]]);
      }),
      { numRuns: 300 },
    );
  });
});
