import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { trickyString } from "../test/arbitraries.js";
import { hasTaskScriptMarker, parseTaskScript, renderTaskScript } from "./task-script.js";

const oneLine = trickyString.filter((s) => !/[\r\n\0\x1a]/.test(s));
const noQuote = oneLine.filter((s) => !s.includes('"') && s.trim() !== "");

describe("renderTaskScript", () => {
  const spec = {
    description: "Clawd Gateway 100% ^ok",
    programArguments: ["C:\\Program Files\\nodejs\\node.exe", "C:\\Users\\Jo Doe\\clawd\\cli.js", "gateway", "--port", "18789"],
    workingDirectory: "C:\\Users\\Jo Doe",
    environment: { PATH: "C:\\Windows;C:\\nodejs", CLAWD_NOTE: "a&b|c", EMPTY: " " },
    stdoutPath: "C:\\Users\\Jo Doe\\.clawd\\logs\\gateway.log",
  };

  it("writes CRLF lines: marker, description, prelude, cd, set, command with log redirection", () => {
    const text = renderTaskScript(spec, { title: "Clawd Gateway (clawd service)" });
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toContain("\n");
    expect(text.split("\r\n")).toEqual([
      "@echo off",
      "rem clawd-service: written by @clawd/daemon-schtasks; edits are lost on reinstall",
      "rem Clawd Gateway 100%% ^^ok",
      "setlocal EnableExtensions DisableDelayedExpansion",
      "chcp 65001 >nul",
      "title Clawd Gateway (clawd service)",
      'cd /d "C:\\Users\\Jo Doe"',
      'set "PATH=C:\\Windows;C:\\nodejs"',
      'set "CLAWD_NOTE=a&b|c"',
      '"C:\\Program Files\\nodejs\\node.exe" ^"C:\\Users\\Jo Doe\\clawd\\cli.js^" gateway --port 18789 >>"C:\\Users\\Jo Doe\\.clawd\\logs\\gateway.log" 2>&1',
      "",
    ]);
    expect(hasTaskScriptMarker(text)).toBe(true);
  });

  it("parses its own output back", () => {
    const { EMPTY: _dropped, ...environment } = spec.environment;
    expect(parseTaskScript(renderTaskScript(spec))).toEqual({ ...spec, environment, stderrPath: spec.stdoutPath });
  });

  it("round-trips generated arguments, environment, directory and description (property)", () => {
    fc.assert(
      fc.property(
        fc.array(oneLine, { maxLength: 6 }),
        fc.dictionary(
          fc.constantFrom("PATH", "CLAWD_STATE_DIR", "HOME", "X_1"),
          oneLine.filter((v) => v.trim() !== ""),
        ),
        noQuote,
        noQuote,
        (args, environment, dir, description) => {
          const input = {
            description: description.trim(),
            programArguments: ["C:\\nodejs\\node.exe", ...args],
            workingDirectory: `C:\\${dir}`,
            environment,
            stdoutPath: `C:\\logs\\${dir}.log`,
            stderrPath: `C:\\logs\\${dir}.err.log`,
          };
          const expected = Object.keys(environment).length > 0 ? input : { ...input, environment: undefined };
          expect(parseTaskScript(renderTaskScript(input))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses a value with a line break", () => {
    expect(() => renderTaskScript({ ...spec, environment: { A: "x\r\ny" } })).toThrow("line break");
  });
});

describe("parseTaskScript", () => {
  it("reads an upstream-style script (unescaped set, quoted cd)", () => {
    const text = ["@echo off", "rem Moltbot Gateway", 'cd /d "C:\\Users\\me"', "set HOME=C:\\Users\\me", '"C:\\node.exe" cli.js gateway', ""].join("\r\n");
    expect(parseTaskScript(text)).toEqual({
      description: "Moltbot Gateway",
      workingDirectory: "C:\\Users\\me",
      programArguments: ["C:\\node.exe", "cli.js", "gateway"],
    });
  });

  it("returns null for a script without a command", () => {
    expect(parseTaskScript("@echo off\r\nrem nothing\r\n")).toBeNull();
  });
});
