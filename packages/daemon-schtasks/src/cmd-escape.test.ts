import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { trickyString } from "../test/arbitraries.js";
import { escapeCmdArg, escapeRemText, formatCmdCommand, formatCmdSet, quoteCmdPath, unescapeRemText } from "./cmd-escape.js";
import { cmdLineToText, parseCmdCommand, parseCmdSet, splitMsvcrtArgs } from "./cmd-parse.js";

const oneLine = trickyString.filter((s) => !/[\r\n\0\x1a]/.test(s));

describe("escapeCmdArg", () => {
  it.each([
    ["gateway", "gateway"],
    ["", '^"^"'],
    ["a b", '^"a b^"'],
    ["50%", "50%%"],
    ["%PATH%", "%%PATH%%"],
    ["a^b", "a^^b"],
    ["a&b|c<d>e", "a^&b^|c^<d^>e"],
    ["(x)", "^(x^)"],
    ['say "hi"', '^"say \\^"hi\\^"^"'],
    ["C:\\dir with space\\", '^"C:\\dir with space\\\\^"'],
    ["back\\\\slash", "back\\\\slash"],
    ["é😀", "é😀"],
    ["!bang!", "!bang!"],
  ])("escapes %j as %j", (arg, expected) => {
    expect(escapeCmdArg(arg)).toBe(expected);
    expect(splitMsvcrtArgs(cmdLineToText(expected))).toEqual([arg]);
  });

  it.each(["a\nb", "a\rb", "a\0b"])("refuses %j", (arg) => {
    expect(() => escapeCmdArg(arg)).toThrow("cannot carry");
  });
});

describe("command lines (cmd.exe then the MSVC runtime)", () => {
  it("round-trips any arguments (property)", () => {
    fc.assert(
      fc.property(fc.array(oneLine, { maxLength: 8 }), (args) => {
        const argv = ["C:\\Program Files\\nodejs\\node.exe", ...args];
        expect(parseCmdCommand(formatCmdCommand(argv))).toEqual(argv);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps a program path with %, &, parentheses and spaces", () => {
    const argv = ["C:\\Users\\A&B (x)\\100%\\node.exe", "--port", "18789"];
    const line = formatCmdCommand(argv);
    expect(line).toBe('"C:\\Users\\A&B (x)\\100%%\\node.exe" --port 18789');
    expect(parseCmdCommand(line)).toEqual(argv);
  });

  it("refuses a program path with a quote", () => {
    expect(() => quoteCmdPath('C:\\a"b')).toThrow("double quote");
  });

  it("the model of cmd.exe refuses unescaped operators and variables", () => {
    expect(() => cmdLineToText("node a & calc")).toThrow('Unescaped "&"');
    expect(() => cmdLineToText("node %PATH%")).toThrow("variable expansion");
    expect(cmdLineToText('"a & b" ^& c')).toBe('"a & b" & c');
  });

  it("the MSVC splitter follows the backslash rules", () => {
    expect(splitMsvcrtArgs('a\\\\\\"b "c d" e\\f "g\\\\" "" "h""i"')).toEqual(['a\\"b', "c d", "e\\f", "g\\", "", 'h"i']);
  });
});

describe("set lines", () => {
  it.each([
    ["PATH", "C:\\Windows;C:\\Program Files\\nodejs", 'set "PATH=C:\\Windows;C:\\Program Files\\nodejs"'],
    ["P", "100%", 'set "P=100%%"'],
    ["Q", 'a"&b', 'set "Q=a"^&b"'],
    ["R", 'x"y"<z>', 'set "R=x"y"<z>"'],
    ["S", "", 'set "S="'],
  ])("writes %s=%j", (key, value, line) => {
    expect(formatCmdSet(key, value)).toBe(line);
    expect(parseCmdSet(line)).toEqual([key, value]);
  });

  it("round-trips any value (property)", () => {
    fc.assert(
      fc.property(oneLine, (value) => {
        expect(parseCmdSet(formatCmdSet("CLAWD_X", value))).toEqual(["CLAWD_X", value]);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses names cmd would misread", () => {
    expect(() => formatCmdSet("A=B", "x")).toThrow("cannot be written");
    expect(() => formatCmdSet("A", "x\ny")).toThrow("line break");
  });
});

describe("rem text", () => {
  it("doubles % and ^ and flattens line breaks", () => {
    expect(escapeRemText("50% ^ done\r\nnext")).toBe("50%% ^^ done next");
    expect(unescapeRemText("50%% ^^ done")).toBe("50% ^ done");
  });
});
