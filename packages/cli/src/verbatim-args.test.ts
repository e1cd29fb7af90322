import { cac } from "cac";
import { describe, expect, it } from "vitest";
import { shieldArgs } from "./verbatim-args.js";

/** Parses like main.ts does: a command with string flags and positional arguments. */
function parse(argv: string[]) {
  const cli = cac("t");
  let seen: { args: unknown[]; options: Record<string, unknown> } | undefined;
  cli
    .command("set [key] [value]")
    .option("--token <token>", "")
    .option("--verbose", "")
    .action((key, value, options) => {
      seen = { args: [key, value], options };
    });
  const shield = shieldArgs(argv, true);
  cli.parse(["node", "t", ...shield.argv], { run: false });
  cli.runMatchedCommand();
  return shield.restore(seen!);
}

describe("shieldArgs", () => {
  it("keeps every value the user typed, where plain cac coerces it", () => {
    expect(parse(["set", "a", "0123", "--token", "0123"])).toMatchObject({ args: ["a", "0123"], options: { token: "0123" } });
    expect(parse(["set", "--token=", "k"])).toMatchObject({ args: ["k", undefined], options: { token: "" } });
    expect(parse(["set", "--token", "", "k"])).toMatchObject({ options: { token: "" } });
    expect(parse(["set", "--token=1e3", "--verbose", "0x1", "2"])).toMatchObject({ args: ["0x1", "2"], options: { token: "1e3", verbose: true } });
  });

  it("passes everything after -- through untouched", () => {
    expect(parse(["set", "k", "--", "--token", "007"]).options["--"]).toEqual(["--token", "007"]);
  });

  it("restores placeholders inside messages and nested values", () => {
    const shield = shieldArgs(["set", "a", "--x=7"], true);
    expect(shield.argv[0]).toBe("set");
    expect(shield.argv[1]).not.toBe("a");
    expect(shield.restore(`Unused args: ${shield.argv[1]}`)).toBe("Unused args: a");
    expect(shield.restore({ deep: [shield.argv[2]!.slice(4)] })).toEqual({ deep: ["7"] });
  });
});
