// Reconnect with backoff against real sockets: server restarts, refused attempts, close().
import { describe, expect, it } from "vitest";
import { connectGateway, type HelloOk } from "../src/index.js";
import { gateway, track } from "./fixtures/harness.js";
import { MiniGateway, type MiniGatewayOptions } from "./fixtures/mini-gateway.js";

function waitFor<T>(register: (done: (value: T) => void) => void): Promise<T> {
  return new Promise((resolve) => register(resolve));
}

describe("reconnect", () => {
  it("re-runs the handshake after the server drops the connection and reports the new hello", async () => {
    const gw = await gateway({ token: "t" });
    let onReconnect: (hello: HelloOk) => void = () => {};
    const closes: Array<[number, string]> = [];
    const client = await connectGateway({
      url: gw.url,
      token: "t",
      reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
      onReconnect: (hello) => onReconnect(hello),
      onClose: (code, reason) => closes.push([code, reason]),
    });
    track(client);
    const firstConnId = client.hello.server?.connId;
    const reconnected = waitFor<HelloOk>((done) => (onReconnect = done));
    gw.closeAll(1012, "service restart");
    const hello = await reconnected;
    expect(hello.server?.connId).not.toBe(firstConnId);
    expect(client.hello).toBe(hello);
    expect(closes).toEqual([[1012, "service restart"]]);
    expect(gw.connectAttempts).toBe(2);
    const connects = gw.requests.filter((r) => r.method === "connect");
    expect(connects[1]?.params).toEqual(connects[0]?.params);
    await expect(client.request("echo", "again")).resolves.toBe("again");
  });

  it("backs off while the gateway is down and reconnects when it returns on the same port", async () => {
    const first = await MiniGateway.start();
    const port = first.port;
    const attempts: Array<{ attempt: number; delayMs: number; error?: string }> = [];
    let onReconnect: (hello: HelloOk) => void = () => {};
    const client = await connectGateway({
      url: first.url,
      reconnect: { initialDelayMs: 10, maxDelayMs: 40 },
      onReconnecting: (info) => attempts.push({ attempt: info.attempt, delayMs: info.delayMs, error: info.error?.message }),
      onReconnect: (hello) => onReconnect(hello),
    });
    track(client);
    await first.close();
    while (attempts.length < 4) await new Promise((r) => setTimeout(r, 10));
    const reconnected = waitFor<HelloOk>((done) => (onReconnect = done));
    await gateway({}, port);
    await reconnected;
    expect(attempts.slice(0, 4).map((a) => [a.attempt, a.delayMs])).toEqual([
      [0, 10],
      [1, 20],
      [2, 40],
      [3, 40],
    ]);
    expect(attempts[0]?.error).toBeUndefined();
    expect(attempts[1]?.error).toBe(
      `could not connect to ws://127.0.0.1:${port}: ${globalThis.WebSocket ? "connection refused or not a WebSocket endpoint" : "connection refused"} — is the gateway running?`,
    );
    await expect(client.request("health")).resolves.toMatchObject({ ok: true });
  });

  it("uses the shutdown event's restartExpectedMs as the first delay", async () => {
    const gw = await gateway();
    const delays: number[] = [];
    let onReconnect: () => void = () => {};
    const client = await connectGateway({
      url: gw.url,
      reconnect: { initialDelayMs: 5_000 },
      onReconnecting: (info) => delays.push(info.delayMs),
      onReconnect: () => onReconnect(),
    });
    track(client);
    const reconnected = waitFor<void>((done) => (onReconnect = done));
    gw.broadcast("shutdown", { reason: "gateway restarting", restartExpectedMs: 15 });
    gw.closeAll(1012, "service restart");
    await reconnected;
    expect(delays).toEqual([15]);
  });

  it("does not reconnect without the option", async () => {
    const gw = await gateway();
    let closed: (v: number) => void = () => {};
    const done = waitFor<number>((d) => (closed = d));
    const client = await connectGateway({ url: gw.url, onClose: (code) => closed(code) });
    track(client);
    gw.closeAll(1012, "service restart");
    expect(await done).toBe(1012);
    await new Promise((r) => setTimeout(r, 50));
    expect(gw.connectAttempts).toBe(1);
    await expect(client.request("health")).rejects.toThrow(`gateway not connected (${gw.url}); cannot send health`);
  });

  it("close() during backoff stops reconnecting and resolves", async () => {
    const gw = await gateway();
    let scheduled: () => void = () => {};
    const client = await connectGateway({
      url: gw.url,
      reconnect: { initialDelayMs: 30 },
      onReconnecting: () => scheduled(),
    });
    track(client);
    const waiting = waitFor<void>((d) => (scheduled = d));
    gw.closeAll(1012, "service restart");
    await waiting;
    await client.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(gw.connectAttempts).toBe(1);
    await expect(client.request("health")).rejects.toThrow("gateway client closed");
  });

  it("close() during a reconnect handshake aborts it and leaves no socket open", async () => {
    const gw = await gateway();
    const client = await connectGateway({ url: gw.url, reconnect: { initialDelayMs: 1 }, challengeWaitMs: 30_000 });
    track(client);
    // From now on the server sends no challenge, so the reconnect hangs in its handshake.
    (gw.options as MiniGatewayOptions).challenge = false;
    const opened = waitFor<void>((d) => gw.wss.once("connection", () => d()));
    gw.closeAll(1012, "service restart");
    await opened;
    await client.close();
    await gw.waitForCloses(2);
    expect(gw.wss.clients.size).toBe(0);
  });
});
