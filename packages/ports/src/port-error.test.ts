import { describe, expect, it } from "vitest";
import { PortError } from "./port-error.js";

/** A second copy of this module, as when two versions of @clawd/ports are installed side by side. */
async function secondCopy(): Promise<typeof import("./port-error.js")> {
  const specifier = "./port-error.js?second-copy";
  return import(/* @vite-ignore */ specifier);
}

describe("PortError.isInstance", () => {
  it("recognises a PortError built by another copy of the package, both ways (instanceof does not)", async () => {
    const copy = await secondCopy();
    expect(copy.PortError).not.toBe(PortError);
    const foreign = new copy.PortError("EPERM", "port 8080 is held by another user's process", { pids: [42], port: 8080 });
    expect(foreign instanceof PortError).toBe(false);
    expect(PortError.isInstance(foreign)).toBe(true);
    expect(copy.PortError.isInstance(new PortError("INVALID_PORT", "x"))).toBe(true);
    if (PortError.isInstance(foreign)) expect([foreign.code, foreign.pids, foreign.port]).toEqual(["EPERM", [42], 8080]);
  });

  it("does not take a look-alike for one: same name, same code, no marker", () => {
    const lookAlike = Object.assign(new Error("port busy"), { name: "PortError", code: "EPERM", pids: [] });
    expect(PortError.isInstance(lookAlike)).toBe(false);
    expect(PortError.isInstance({ name: "PortError", code: "EPERM" })).toBe(false);
    for (const value of [undefined, null, "PortError", 42]) expect(PortError.isInstance(value)).toBe(false);
  });

  it("keeps the marker out of the error's own enumerable keys (JSON and spreads unchanged)", () => {
    const error = new PortError("STILL_LISTENING", "still listening", { pids: [7], port: 1 });
    expect(Object.keys(error).sort()).toEqual(["code", "name", "pids", "port"]);
    expect(JSON.stringify(error)).toBe('{"name":"PortError","code":"STILL_LISTENING","pids":[7],"port":1}');
  });
});
