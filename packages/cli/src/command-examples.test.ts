import { describe, expect, it } from "vitest";
import { examplesFor } from "./command-examples.js";
import { COMMAND_GROUPS } from "./command-table.js";

describe("command examples", () => {
  it("every action has at least one example, each starting with its own command", () => {
    for (const group of COMMAND_GROUPS) {
      for (const action of group.actions) {
        const examples = examplesFor(group.name, action.name);
        const prefix = action.name ? `clawd ${group.name} ${action.name}` : `clawd ${group.name}`;
        expect(examples.length, prefix).toBeGreaterThan(0);
        for (const example of examples) expect(example.replace(/^clawd --profile \S+ /, "clawd ").startsWith(prefix), example).toBe(true);
      }
    }
  });
});
