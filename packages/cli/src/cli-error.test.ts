import { describe, expect, it } from "vitest";
import { CliError, EXIT_USAGE, UsageError } from "./cli-error.js";

/** A second copy of this module, as when two versions of @clawd/cli are loaded in one process. */
async function secondCopy(): Promise<typeof import("./cli-error.js")> {
  const specifier = "./cli-error.js?second-copy";
  return import(/* @vite-ignore */ specifier);
}

describe("CliError.isInstance / UsageError.isInstance", () => {
  it("recognise errors from another copy of the package (instanceof does not)", async () => {
    const copy = await secondCopy();
    const failure = new copy.CliError(["Cannot write the config.", "Check the permissions of ~/.clawd."]);
    const usage = new copy.UsageError("Unknown option --prot.");
    expect(failure instanceof CliError).toBe(false);
    expect([CliError.isInstance(failure), CliError.isInstance(usage), UsageError.isInstance(usage)]).toEqual([true, true, true]);
    expect(copy.UsageError.isInstance(new UsageError("x"))).toBe(true);
    if (CliError.isInstance(usage)) expect([usage.lines, usage.exitCode]).toEqual([["Unknown option --prot."], EXIT_USAGE]);
  });

  it("a CliError is not a UsageError, and a look-alike is neither", () => {
    expect(UsageError.isInstance(new CliError("failed"))).toBe(false);
    const lookAlike = Object.assign(new Error("failed"), { name: "CliError", lines: ["failed"], exitCode: 1 });
    expect([CliError.isInstance(lookAlike), UsageError.isInstance(lookAlike), CliError.isInstance(undefined)]).toEqual([false, false, false]);
  });
});
