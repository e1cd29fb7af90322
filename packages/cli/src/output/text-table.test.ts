import { describe, expect, it } from "vitest";
import { renderTable } from "./text-table.js";

describe("renderTable", () => {
  it("aligns columns under a rule, flattens newlines and cuts long cells", () => {
    expect(
      renderTable(
        ["a", "bee"],
        [
          ["1", "x\ny"],
          ["long-cell-here", ""],
        ],
        8,
      ),
    ).toBe(["a         bee", "--------  ---", "1         x y", "long-ce…"].join("\n"));
  });
});
