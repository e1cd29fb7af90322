import { describe, expect, it } from "vitest";
import { ServiceError } from "./service.js";

describe("ServiceError", () => {
  it("carries a message and fix hints, and is an Error", () => {
    const error = new ServiceError("systemctl --user is unavailable", ["Run: systemctl --user status"]);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ServiceError");
    expect(error.message).toBe("systemctl --user is unavailable");
    expect(error.hints).toEqual(["Run: systemctl --user status"]);
    expect(new ServiceError("x").hints).toEqual([]);
  });
});

/** A second copy of this module, as when the CLI and a platform package resolve different @clawd/daemon copies. */
async function secondCopy(): Promise<typeof import("./service.js")> {
  const specifier = "./service.js?second-copy";
  return import(/* @vite-ignore */ specifier);
}

describe("ServiceError.isInstance", () => {
  it("recognises a ServiceError thrown by another copy of @clawd/daemon (instanceof does not), with its hints", async () => {
    const copy = await secondCopy();
    const foreign = new copy.ServiceError("Gateway service not installed.", ["Install it with: clawd gateway install"]);
    expect(foreign instanceof ServiceError).toBe(false);
    expect(ServiceError.isInstance(foreign)).toBe(true);
    expect(copy.ServiceError.isInstance(new ServiceError("x"))).toBe(true);
  });

  it("does not take an Error that merely has the name for one", () => {
    const lookAlike = Object.assign(new Error("nope"), { name: "ServiceError", hints: [] });
    expect(ServiceError.isInstance(lookAlike)).toBe(false);
    expect(ServiceError.isInstance(null)).toBe(false);
    expect(ServiceError.isInstance("ServiceError")).toBe(false);
  });
});
