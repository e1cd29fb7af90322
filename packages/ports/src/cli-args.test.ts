import { describe, expect, it } from "vitest";
import { parseCliArgs } from "./cli-args.js";

describe("parseCliArgs", () => {
  it("parses a port and every flag, both --flag value and --flag=value", () => {
    expect(parseCliArgs(["18789", "--kill", "--json", "--timeout", "1500", "--grace=300"])).toEqual({
      kind: "run",
      options: { port: 18789, kill: true, dryRun: false, json: true, showSecrets: false, timeoutMs: 1500, graceMs: 300 },
    });
    expect(parseCliArgs(["80", "--show-secrets"])).toMatchObject({ kind: "run", options: { showSecrets: true } });
    expect(parseCliArgs(["80", "--show-secrets=1"])).toEqual({ kind: "error", message: "--show-secrets takes no value." });
    expect(parseCliArgs(["--dry-run", "80"])).toEqual({ kind: "run", options: { port: 80, kill: false, dryRun: true, json: false, showSecrets: false } });
  });

  it("answers help", () => {
    expect(parseCliArgs(["--help"]).kind).toBe("help");
    expect(parseCliArgs(["3000", "-h"]).kind).toBe("help");
  });

  it("rejects usage errors with a message naming the problem", () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /Missing <port>/],
      [["1", "2"], /Expected one port/],
      [["70000"], /Invalid port "70000"/],
      [["3000abc"], /Invalid port/],
      [["3000", "--timeout"], /--timeout needs a value/],
      [["3000", "--timeout", "abc"], /whole number of milliseconds/],
      [["3000", "--timeout", "-5"], /whole number/],
      [["3000", "--grace", "--kill"], /--grace needs a value/],
      [["3000", "--frobnicate"], /Unknown option --frobnicate/],
      [["3000", "--kill=yes"], /takes no value/],
    ];
    for (const [argv, message] of cases) {
      const result = parseCliArgs(argv);
      expect(result.kind, argv.join(" ")).toBe("error");
      if (result.kind === "error") expect(result.message).toMatch(message);
    }
  });
});
