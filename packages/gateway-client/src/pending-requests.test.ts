import { describe, expect, it } from "vitest";
import { GatewayRequestError, GatewayTimeoutError } from "./errors.js";
import { PendingRequests } from "./pending-requests.js";

describe("PendingRequests", () => {
  it("resolves with the payload of an ok response", async () => {
    const p = new PendingRequests();
    const result = p.add("a", "health", 1000);
    expect(p.settle({ type: "res", id: "a", ok: true, payload: { ok: true } })).toBe(true);
    await expect(result).resolves.toEqual({ ok: true });
    expect(p.size).toBe(0);
  });

  it("rejects with GatewayRequestError carrying the server's error fields", async () => {
    const p = new PendingRequests();
    const result = p.add("a", "send", 1000);
    p.settle({ type: "res", id: "a", ok: false, error: { code: "UNAVAILABLE", message: "busy", details: { q: 1 }, retryAfterMs: 500 } });
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayRequestError);
    expect(error).toMatchObject({ code: "UNAVAILABLE", message: "busy", details: { q: 1 }, retryAfterMs: 500, method: "send" });
  });

  it("rejects ok:false without an error object with a usable message", async () => {
    const p = new PendingRequests();
    const result = p.add("a", "x", 1000);
    p.settle({ type: "res", id: "a", ok: false });
    await expect(result).rejects.toMatchObject({ code: "UNKNOWN", message: "x failed without an error message" });
  });

  it("ignores unknown ids", () => {
    expect(new PendingRequests().settle({ type: "res", id: "zz", ok: true })).toBe(false);
  });

  it("times out with the method and the timeout in the message", async () => {
    const p = new PendingRequests();
    const error = await p.add("a", "status", 20).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayTimeoutError);
    expect((error as Error).message).toBe("gateway timeout after 20ms (status)");
    expect(p.size).toBe(0);
  });

  it("keeps an expectFinal request pending past an accepted payload", async () => {
    const p = new PendingRequests();
    const result = p.add("a", "agent", 1000, true);
    p.settle({ type: "res", id: "a", ok: true, payload: { status: "accepted" } });
    expect(p.size).toBe(1);
    p.settle({ type: "res", id: "a", ok: true, payload: { status: "ok" } });
    await expect(result).resolves.toEqual({ status: "ok" });
  });

  it("fails everything at once with a per-method error", async () => {
    const p = new PendingRequests();
    const a = p.add("a", "one", Infinity);
    const b = p.add("b", "two", 0);
    p.failAll((m) => new Error(`closed during ${m}`));
    await expect(a).rejects.toThrow("closed during one");
    await expect(b).rejects.toThrow("closed during two");
    expect(p.fail("a", new Error("again"))).toBe(false);
  });
});
