import { describe, expect, it } from "vitest";
import { authorizeMethod, canReceiveScoped, normalizeScopes } from "./scopes.js";

describe("scopes", () => {
  it("gives an operator without scopes operator.admin, a node none", () => {
    expect(normalizeScopes("operator", undefined)).toEqual(["operator.admin"]);
    expect(normalizeScopes("operator", [])).toEqual(["operator.admin"]);
    expect(normalizeScopes("operator", ["operator.read", "operator.read"])).toEqual(["operator.read"]);
    expect(normalizeScopes("node", undefined)).toEqual([]);
  });

  it.each([
    [["operator.admin"], "admin", true],
    [["operator.read"], "read", true],
    [["operator.write"], "read", true],
    [["operator.read"], "write", "missing scope: operator.write"],
    [["operator.write"], "write", true],
    [["operator.write"], "admin", "missing scope: operator.admin"],
    [["operator.pairing"], "read", "missing scope: operator.read"],
  ] as const)("scopes %j calling a %s method", (scopes, required, expected) => {
    const result = authorizeMethod("operator", scopes, required);
    expect(result.ok ? true : result.message).toBe(expected);
  });

  it("refuses every method to the node role", () => {
    expect(authorizeMethod("node", [], "read")).toEqual({ ok: false, message: "unauthorized role: node" });
  });

  it("lets only the node role call node-scoped methods", () => {
    expect(authorizeMethod("node", [], "node")).toEqual({ ok: true });
    expect(authorizeMethod("operator", ["operator.admin"], "node")).toEqual({ ok: false, message: "unauthorized role: operator" });
  });

  it("guards scoped events", () => {
    expect(canReceiveScoped("operator", ["operator.read"], undefined)).toBe(true);
    expect(canReceiveScoped("operator", ["operator.admin"], "operator.pairing")).toBe(true);
    expect(canReceiveScoped("operator", ["operator.pairing"], "operator.pairing")).toBe(true);
    expect(canReceiveScoped("operator", ["operator.read"], "operator.pairing")).toBe(false);
    expect(canReceiveScoped("node", ["operator.admin"], "operator.pairing")).toBe(false);
  });
});
