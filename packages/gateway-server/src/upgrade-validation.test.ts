import { describe, expect, it } from "vitest";
import { createConnectionLimits } from "./connection-limits.js";
import { renderRefusal, requestHeadBytes, validateUpgrade } from "./upgrade-validation.js";

const ok = { upgrade: "websocket", connection: "keep-alive, Upgrade", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==" };

describe("validateUpgrade", () => {
  it("accepts RFC 6455 upgrades and names what is wrong otherwise", () => {
    expect(validateUpgrade(ok, 200, 1000)).toBeNull();
    expect(validateUpgrade({ ...ok, "sec-websocket-version": "8" }, 200, 1000)).toEqual({ status: 400, message: "Sec-WebSocket-Version must be 13" });
    expect(validateUpgrade({ ...ok, "sec-websocket-key": "AAAAAAAAAAAAAAAAAAAAAAA=" }, 200, 1000)?.status).toBe(400);
    expect(validateUpgrade({ ...ok, connection: "close" }, 200, 1000)?.message).toBe("Connection header must include Upgrade");
    expect(validateUpgrade(ok, 1001, 1000)).toEqual({ status: 431, message: "upgrade request head is 1001 bytes; the limit is 1000" });
  });

  it("counts a request head as sent and renders a complete HTTP refusal", () => {
    expect(requestHeadBytes("GET", "/", { a: "b" })).toBe("GET / HTTP/1.1\r\na: b\r\n\r\n".length);
    expect(renderRefusal({ status: 503, message: "busy" })).toBe(
      "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n\r\nbusy\n",
    );
  });
});

describe("createConnectionLimits", () => {
  it("evicts a source's oldest pending handshake past the cap, and refuses past maxConnections", () => {
    const limits = createConnectionLimits<string>(3, 2);
    expect(limits.opened("a", "a1")).toBeUndefined();
    expect(limits.opened("a", "a2")).toBeUndefined();
    expect(limits.opened("a", "a3")).toBe("a1");
    expect(limits.pending("a")).toBe(2);
    limits.settled("a", "a1"); // already evicted: ignored
    limits.settled("a", "a2");
    expect(limits.pending("a")).toBe(1);
    expect(limits.check()?.message).toBe("the gateway has 3 connections, its limit (maxConnections); retry later");
    limits.closed();
    expect(limits.check()).toBeNull();
    expect(limits.opened("b", "b1")).toBeUndefined();
  });
});
