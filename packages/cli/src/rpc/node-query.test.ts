import { describe, expect, it } from "vitest";
import type { UsageError } from "../cli-error.js";
import { resolveNodeQuery } from "./node-query.js";

const nodes = [
  { nodeId: "82f9e5e805e2", displayName: "Build Box", remoteIp: "10.0.0.5", connected: true },
  { nodeId: "82f9aaaa0000", displayName: "phone", connected: false },
];

describe("resolveNodeQuery", () => {
  it("finds a node by id, name (any case), IP or a unique id prefix", () => {
    expect(resolveNodeQuery(nodes, "82f9e5e805e2").displayName).toBe("Build Box");
    expect(resolveNodeQuery(nodes, "build box").nodeId).toBe("82f9e5e805e2");
    expect(resolveNodeQuery(nodes, "10.0.0.5").nodeId).toBe("82f9e5e805e2");
    expect(resolveNodeQuery(nodes, "82f9aa").displayName).toBe("phone");
  });

  it("refuses short prefixes, ambiguous and unknown queries with the candidates", () => {
    expect(() => resolveNodeQuery(nodes, "82f9")).toThrow(/No node matches "82f9"/);
    expect(() => resolveNodeQuery(nodes, "82f9e5e8")).not.toThrow();
    expect(() => resolveNodeQuery([...nodes, { nodeId: "82f9e5e80000" }], "82f9e5e8")).toThrow(/matches 2 nodes/);
    try {
      resolveNodeQuery([], "x");
      expect.unreachable();
    } catch (error) {
      expect((error as UsageError).lines).toEqual(['No node matches "x".', "No nodes are paired or connected. See: clawd devices list"]);
      expect((error as UsageError).exitCode).toBe(2);
    }
  });
});
