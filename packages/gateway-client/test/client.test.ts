// Requests, events, malformed frames, tick watchdog and close() over real sockets.
import { describe, expect, it } from "vitest";
import { GatewayConnectError, GatewayProtocolError, GatewayRequestError, GatewayTimeoutError, type MalformedFrameInfo } from "../src/index.js";
import { connect, gateway, nextEvent } from "./fixtures/harness.js";

describe("requests", () => {
  it("resolves payloads and leaves params out when undefined", async () => {
    const gw = await gateway();
    const client = await connect(gw);
    await expect(client.request("health")).resolves.toMatchObject({ ok: true });
    expect((await gw.waitForRequest("health")).params).toBeUndefined();
    await expect(client.request("echo", { x: [1, "two"] })).resolves.toEqual({ x: [1, "two"] });
  });

  it("runs many requests concurrently on one socket", async () => {
    const gw = await gateway();
    const client = await connect(gw);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => client.request("echo", i)));
    expect(results).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it("rejects ok:false responses with GatewayRequestError fields", async () => {
    const gw = await gateway();
    const client = await connect(gw);
    const error = await client.request("fail").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayRequestError);
    expect(error).toMatchObject({
      code: "UNAVAILABLE",
      message: "health refresh failed",
      details: { why: "test" },
      retryable: true,
      retryAfterMs: 250,
    });
    await expect(client.request("nope")).rejects.toMatchObject({ code: "INVALID_REQUEST", message: "unknown method: nope" });
  });

  it("times out a request the server never answers, per request and by default", async () => {
    const gw = await gateway();
    const client = await connect(gw, { requestTimeoutMs: 60 });
    const perRequest = await client.request("never", undefined, { timeoutMs: 40 }).catch((e: unknown) => e);
    expect(perRequest).toBeInstanceOf(GatewayTimeoutError);
    expect((perRequest as Error).message).toBe("gateway timeout after 40ms (never)");
    await expect(client.request("never")).rejects.toThrow("gateway timeout after 60ms (never)");
    await expect(client.request("health")).resolves.toMatchObject({ ok: true });
  });

  it("waits past an accepted payload with expectFinal", async () => {
    const gw = await gateway();
    const client = await connect(gw);
    await expect(client.request("accepted-then-final", {}, { expectFinal: true })).resolves.toEqual({ status: "ok", result: 42 });
    await expect(client.request("accepted-then-final")).resolves.toEqual({ status: "accepted" });
  });
});

describe("malformed frames", () => {
  it("rejects the request whose response is malformed, and reports it", async () => {
    const gw = await gateway();
    const seen: MalformedFrameInfo[] = [];
    const client = await connect(gw, { onMalformedFrame: (info) => seen.push(info) });
    const error = await client.request("malformed-res").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayProtocolError);
    expect((error as Error).message).toBe("gateway sent a malformed response to malformed-res: res has unexpected property 'extra'");
    await expect(client.request("malformed-error")).rejects.toThrow("res.error is not an object");
    expect(seen.map((s) => s.count)).toEqual([1, 2]);
    expect(seen[0]?.id).toEqual(expect.any(String));
  });

  it("drops malformed events, counts them, and keeps delivering valid ones", async () => {
    const gw = await gateway();
    const seen: MalformedFrameInfo[] = [];
    const client = await connect(gw, { onMalformedFrame: (info) => seen.push(info) });
    const events: unknown[] = [];
    client.on("*", (payload) => events.push(payload));
    const done = nextEvent(client, "done");
    gw.sendRaw("not json");
    gw.sendRaw(JSON.stringify({ type: "event", event: "x", seq: -1 }));
    gw.sendRaw(JSON.stringify({ type: "event", event: "x", extra: 1 }));
    gw.sendRaw(JSON.stringify({ type: "res", ok: true }));
    gw.sendRaw(JSON.stringify({ type: "event", event: "done", payload: "ok" }));
    await done;
    expect(events).toEqual(["ok"]);
    expect(seen.map((s) => s.reason)).toEqual([
      "not valid JSON",
      "event.seq is not an integer >= 0",
      "event has unexpected property 'extra'",
      "res.id is not a non-empty string",
    ]);
    expect(seen.at(-1)?.count).toBe(4);
  });
});

describe("events", () => {
  it("delivers by name and to '*', and stops after unsubscribe", async () => {
    const gw = await gateway();
    const client = await connect(gw);
    const named: unknown[] = [];
    const all: string[] = [];
    const off = client.on("presence", (payload) => named.push(payload));
    client.on("*", (_p, frame) => all.push(frame.event));
    const second = nextEvent(client, "marker");
    gw.broadcast("presence", { n: 1 });
    gw.broadcast("marker", {});
    await second;
    off();
    const third = nextEvent(client, "marker");
    gw.broadcast("presence", { n: 2 });
    gw.broadcast("marker", {});
    await third;
    expect(named).toEqual([{ n: 1 }]);
    expect(all).toEqual(["presence", "marker", "presence", "marker"]);
  });

  it("decodes binary frames as UTF-8 JSON", async () => {
    const gw = await gateway();
    const client = await connect(gw);
    const got = nextEvent(client, "bin");
    for (const ws of gw.clients) ws.send(Buffer.from(JSON.stringify({ type: "event", event: "bin", payload: "é" })), { binary: true });
    expect((await got).payload).toBe("é");
  });

  it("reports seq gaps with expected and received", async () => {
    const gw = await gateway();
    const gaps: Array<{ expected: number; received: number }> = [];
    const client = await connect(gw, { onGap: (g) => gaps.push(g) });
    const last = nextEvent(client, "last");
    gw.broadcast("a", 1); // seq 1
    gw.broadcast("b", 2, 2); // seq 4: 2 and 3 missed
    gw.broadcast("last", 3); // seq 5
    await last;
    expect(gaps).toEqual([{ expected: 2, received: 4 }]);
  });

  it("keeps running other listeners when one throws", async () => {
    const gw = await gateway();
    const client = await connect(gw);
    const errors: unknown[] = [];
    const onUncaught = (e: unknown): void => void errors.push(e);
    process.on("uncaughtException", onUncaught);
    try {
      client.on("e", () => {
        throw new Error("listener bug");
      });
      const got = nextEvent(client, "e");
      gw.broadcast("e", 1);
      expect((await got).payload).toBe(1);
      await new Promise((r) => setTimeout(r, 0));
      expect(errors).toEqual([new Error("listener bug")]);
    } finally {
      process.off("uncaughtException", onUncaught);
    }
  });
});

describe("tick watchdog", () => {
  it("closes 4000 'tick timeout' when ticks stop, failing pending requests", async () => {
    const gw = await gateway({ tickIntervalMs: 50 });
    const closes: Array<[number, string]> = [];
    const client = await connect(gw, { onClose: (code, reason) => closes.push([code, reason]) });
    const pending = client.request("never", undefined, { timeoutMs: 30_000 }).catch((e: unknown) => e);
    const error = await pending;
    expect(error).toBeInstanceOf(GatewayConnectError);
    expect((error as Error).message).toBe("gateway closed (4000): tick timeout");
    expect(closes).toEqual([[4000, "tick timeout"]]);
    await gw.waitForCloses(1);
    expect(gw.closes[0]).toEqual({ code: 4000, reason: "tick timeout" });
  });

  it("stays connected while ticks arrive", async () => {
    // 500 ms ticks: the watchdog (2 intervals) must tolerate a 1 s scheduling stall on a
    // loaded 2-core machine; at 40 ms an 80 ms stall closed the socket (a flaky failure).
    const gw = await gateway({ tickIntervalMs: 500, autoTick: true });
    let closed: (reason: Error) => void = () => {};
    const client = await connect(gw, { onClose: (code, reason) => closed(new Error(`closed ${code} ${reason}`)) });
    let ticks = 0;
    await new Promise<void>((resolve, reject) => {
      closed = reject;
      client.on("tick", () => ++ticks === 3 && resolve());
    });
    await expect(client.request("health")).resolves.toMatchObject({ ok: true });
    expect(gw.closes).toEqual([]);
  });

  it("can be turned off", async () => {
    const gw = await gateway({ tickIntervalMs: 20 });
    const client = await connect(gw, { tickWatchdog: false });
    await new Promise((r) => setTimeout(r, 150));
    await expect(client.request("health")).resolves.toMatchObject({ ok: true });
  });
});

describe("close", () => {
  it("rejects pending requests with 'gateway client closed' and resolves once closed", async () => {
    const gw = await gateway();
    const client = await connect(gw);
    const pending = client.request("never").catch((e: unknown) => e);
    await gw.waitForRequest("never");
    await client.close();
    expect(await pending).toEqual(new GatewayConnectError("gateway client closed"));
    await expect(client.request("health")).rejects.toThrow("gateway client closed");
    await gw.waitForCloses(1);
    expect(gw.closes[0]).toEqual({ code: 1000, reason: "client closed" });
    await client.close(); // idempotent
  });

  it("fails pending requests with the server's close code and reason", async () => {
    const gw = await gateway();
    const client = await connect(gw);
    const pending = client.request("never");
    await gw.waitForRequest("never");
    gw.closeAll(1012, "service restart");
    // The hint is left out when the reason already says it.
    await expect(pending).rejects.toThrow("gateway closed (1012): service restart");
    await expect(client.request("health")).rejects.toThrow(/gateway not connected/);
  });
});
