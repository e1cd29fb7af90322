import { describe, expect, it } from "vitest";
import type { UsageError } from "../cli-error.js";
import { resolveNodeQuery } from "./node-query.js";

const nodes = [
  { nodeId: "82f9e5e805e2", displayName: "Build Box", remoteIp: "10.0.0.5", connected: true },
  { nodeId: "82f9aaaa0000", displayName: "phone", connected: false },
];

describe("resolveNodeQuery", () => {
  it("finds a node by id, name (any case), IP or a unique id prefix", () => {
    expect(resolveNodeQuery(nodes, "82f9e5e805e2", undefined).displayName).toBe("Build Box");
    expect(resolveNodeQuery(nodes, "build box", undefined).nodeId).toBe("82f9e5e805e2");
    expect(resolveNodeQuery(nodes, "10.0.0.5", undefined).nodeId).toBe("82f9e5e805e2");
    expect(resolveNodeQuery(nodes, "82f9aa", undefined).displayName).toBe("phone");
  });

  it("refuses short prefixes, ambiguous and unknown queries with the candidates", () => {
    expect(() => resolveNodeQuery(nodes, "82f9", undefined)).toThrow(/No node matches "82f9"/);
    expect(() => resolveNodeQuery(nodes, "82f9e5e8", undefined)).not.toThrow();
    expect(() => resolveNodeQuery([...nodes, { nodeId: "82f9e5e80000" }], "82f9e5e8", undefined)).toThrow(/matches 2 nodes/);
    try {
      resolveNodeQuery([], "x", undefined);
      expect.unreachable();
    } catch (error) {
      expect((error as UsageError).lines).toEqual(['No node matches "x".', "No nodes are paired or connected. See: clawd devices list"]);
      expect((error as UsageError).exitCode).toBe(2);
    }
  });

  it("names the active profile in the command it suggests", () => {
    try {
      resolveNodeQuery([], "x", "p");
      expect.unreachable();
    } catch (error) {
      expect((error as UsageError).lines).toContain("No nodes are paired or connected. See: clawd --profile p devices list");
    }
  });
});
