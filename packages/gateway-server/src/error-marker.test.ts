import { describe, expect, it } from "vitest";
import { DeviceStoreError } from "./device-store.js";
import { ExecApprovalsConflictError, ExecApprovalsFileError } from "./exec-approvals-store.js";
import { GatewayMethodError } from "./frames.js";
import { handlerError } from "./method-registry.js";
import { GatewayListenError } from "./transport.js";

/** A second copy of one of this package's modules, as when a plugin bundles its own @clawd/gateway-server. */
async function secondCopy<T>(module: string): Promise<T> {
  const specifier = `./${module}?second-copy`;
  return import(/* @vite-ignore */ specifier) as Promise<T>;
}

describe("gateway-server errors: isInstance", () => {
  it("a GatewayMethodError a plugin throws from its own copy keeps the code it chose (instanceof would make it UNAVAILABLE)", async () => {
    const copy = await secondCopy<typeof import("./frames.js")>("frames.js");
    const foreign = new copy.GatewayMethodError("NOT_PAIRED", "pair this device first", { details: { requestId: "r1" }, retryAfterMs: 250 });
    expect(foreign instanceof GatewayMethodError).toBe(false);
    expect(GatewayMethodError.isInstance(foreign)).toBe(true);
    expect(handlerError(foreign)).toEqual({ code: "NOT_PAIRED", message: "pair this device first", details: { requestId: "r1" }, retryAfterMs: 250 });
  });

  it("a look-alike with a code is still a plain failure", () => {
    const lookAlike = Object.assign(new Error("nope"), { name: "GatewayMethodError", code: "NOT_PAIRED" });
    expect(GatewayMethodError.isInstance(lookAlike)).toBe(false);
    expect(handlerError(lookAlike)).toEqual({ code: "UNAVAILABLE", message: "nope" });
  });

  it("GatewayListenError and DeviceStoreError from another copy are recognised, and not for each other", async () => {
    const transport = await secondCopy<typeof import("./transport.js")>("transport.js");
    const store = await secondCopy<typeof import("./device-store.js")>("device-store.js");
    const listen = new transport.GatewayListenError("127.0.0.1", 18789, "EADDRINUSE", "address already in use");
    const corrupt = new store.DeviceStoreError("/tmp/devices/paired.json", "Unexpected token");
    expect(listen instanceof GatewayListenError).toBe(false);
    expect(corrupt instanceof DeviceStoreError).toBe(false);
    expect([GatewayListenError.isInstance(listen), DeviceStoreError.isInstance(corrupt)]).toEqual([true, true]);
    expect([GatewayListenError.isInstance(corrupt), DeviceStoreError.isInstance(listen), GatewayMethodError.isInstance(listen)]).toEqual([false, false, false]);
  });

  it("the exec approvals errors from another copy are recognised, and not for each other", async () => {
    const copy = await secondCopy<typeof import("./exec-approvals-store.js")>("exec-approvals-store.js");
    const corrupt = new copy.ExecApprovalsFileError("/tmp/exec-approvals.json", "not valid JSON");
    const stale = new copy.ExecApprovalsConflictError("exec approvals changed since last load; re-run exec.approvals.get and retry");
    expect(corrupt instanceof ExecApprovalsFileError).toBe(false);
    expect([ExecApprovalsFileError.isInstance(corrupt), ExecApprovalsConflictError.isInstance(stale)]).toEqual([true, true]);
    expect([ExecApprovalsFileError.isInstance(stale), ExecApprovalsConflictError.isInstance(corrupt), DeviceStoreError.isInstance(corrupt)]).toEqual([
      false,
      false,
      false,
    ]);
  });
});
