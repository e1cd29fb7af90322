import { describe, expect, it } from "vitest";
import { assertBindAllowed, isLocalDirectRequest, isLoopbackHost } from "./bind-policy.js";

describe("isLoopbackHost", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["::1", true],
    ["[::1]", true],
    ["localhost", true],
    ["::ffff:127.0.0.1", true],
    ["0000:0000:0000:0000:0000:0000:0000:0001", true],
    ["0000:0000:0000:0000:0000:ffff:7f00:0001", true],
    ["0.0.0.0", false],
    ["::", false],
    ["192.168.1.2", false],
    ["100.64.0.1", false],
    ["::ffff:10.0.0.1", false],
    ["example.com", false],
  ])("%s → %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe("assertBindAllowed", () => {
  it("refuses non-loopback hosts only without auth", () => {
    expect(() => assertBindAllowed(["127.0.0.1", "::1"], "none")).not.toThrow();
    expect(() => assertBindAllowed(["127.0.0.1", "0.0.0.0"], "none")).toThrow(/refusing to listen on 0\.0\.0\.0 without auth: configure a token/);
    expect(() => assertBindAllowed(["0.0.0.0"], "token")).not.toThrow();
  });
});

describe("isLocalDirectRequest", () => {
  it("needs a loopback peer, a local Host and no proxy headers", () => {
    expect(isLocalDirectRequest("127.0.0.1", { host: "127.0.0.1:18789" })).toBe(true);
    expect(isLocalDirectRequest("::1", { host: "[::1]:18789" })).toBe(true);
    expect(isLocalDirectRequest("127.0.0.1", { host: "box.tail1.ts.net" })).toBe(true);
    expect(isLocalDirectRequest("127.0.0.1", { host: "evil.example" })).toBe(false);
    expect(isLocalDirectRequest("127.0.0.1", { host: "localhost", "x-forwarded-for": "1.2.3.4" })).toBe(false);
    expect(isLocalDirectRequest("10.0.0.2", { host: "localhost" })).toBe(false);
  });
});
