import { describe, expect, it } from "vitest";
import { GatewayConnectError, GatewayProtocolError, GatewayRequestError, GatewayTimeoutError } from "./errors.js";

/** A second copy of this module, as when an app and a plugin each load their own @clawd/gateway-client. */
async function secondCopy(): Promise<typeof import("./errors.js")> {
  const specifier = "./errors.js?second-copy";
  return import(/* @vite-ignore */ specifier);
}

describe("gateway-client errors: isInstance", () => {
  it("recognises each error from another copy of the package (instanceof does not), and only its own kind", async () => {
    const copy = await secondCopy();
    const foreign = {
      request: new copy.GatewayRequestError("config.set", { code: "INVALID_REQUEST", message: "stale baseHash" }),
      connect: new copy.GatewayConnectError("unauthorized: gateway token mismatch", { closeCode: 1008 }),
      timeout: new copy.GatewayTimeoutError("health", 5000),
      protocol: new copy.GatewayProtocolError("status", "missing payload"),
    };
    const classes = { request: GatewayRequestError, connect: GatewayConnectError, timeout: GatewayTimeoutError, protocol: GatewayProtocolError };
    for (const [kind, error] of Object.entries(foreign)) {
      for (const [other, cls] of Object.entries(classes)) {
        expect(error instanceof cls).toBe(false);
        expect([kind, other, cls.isInstance(error)]).toEqual([kind, other, kind === other]);
      }
    }
    expect(copy.GatewayConnectError.isInstance(new GatewayConnectError("x"))).toBe(true);
  });

  it("does not take a look-alike (same name and code, no marker) for one", () => {
    const lookAlike = Object.assign(new Error("stale"), { name: "GatewayRequestError", code: "INVALID_REQUEST", method: "config.set" });
    expect(GatewayRequestError.isInstance(lookAlike)).toBe(false);
    expect(GatewayConnectError.isInstance(undefined)).toBe(false);
  });
});
