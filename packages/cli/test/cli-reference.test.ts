// The root README's CLI reference is generated from the real --help output; this fails when
// a flag, default or description changes without regenerating it.
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without declarations
import { currentCliReference, renderCliReference } from "../../../scripts/cli-reference.mjs";

describe("README CLI reference", () => {
  it("matches `clawd … --help` exactly (regenerate with: node scripts/cli-reference.mjs)", () => {
    expect(currentCliReference()).toBe(renderCliReference());
  });
});
