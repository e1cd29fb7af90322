import { describe, expect, it } from "vitest";
import { canonicalAddress, clientAddress, createForwardedTrust, tailscaleClientAddress } from "./forwarded.js";

describe("forwarded headers", () => {
  it("canonicalAddress turns IPv4-mapped IPv6 (uWS's expanded form too) into IPv4", () => {
    expect(canonicalAddress("0000:0000:0000:0000:0000:ffff:7f00:0001")).toBe("127.0.0.1");
    expect(canonicalAddress("::ffff:10.1.2.3")).toBe("10.1.2.3");
    expect(canonicalAddress("[::1]")).toBe("::1");
    expect(canonicalAddress(" 192.168.0.1 ")).toBe("192.168.0.1");
  });

  it("with no trusted proxies, no forwarded header counts, loopback included", () => {
    const trust = createForwardedTrust([], false);
    expect(clientAddress("127.0.0.1", { "x-forwarded-for": "1.2.3.4", "x-real-ip": "5.6.7.8" }, trust)).toBe("127.0.0.1");
    expect(trust.trustsTailscale("127.0.0.1")).toBe(false);
  });

  it("behind trusted proxies, takes the right-most hop that is not a trusted proxy, then X-Real-IP", () => {
    const trust = createForwardedTrust(["10.0.0.0/8", "fd00::/8"], false);
    expect(clientAddress("10.1.1.1", { "x-forwarded-for": "6.6.6.6, 100.64.0.9, 10.2.2.2" }, trust)).toBe("100.64.0.9");
    expect(clientAddress("fd00::5", { "x-forwarded-for": "not-an-ip", "x-real-ip": "100.64.0.10" }, trust)).toBe("100.64.0.10");
    expect(clientAddress("10.1.1.1", { "x-forwarded-for": "10.3.3.3" }, trust)).toBe("10.3.3.3");
    expect(clientAddress("192.168.1.1", { "x-forwarded-for": "1.1.1.1" }, trust)).toBe("192.168.1.1");
  });

  it("tailscaleProxy trusts loopback for the Tailscale tailnet address only, not for the limits' address", () => {
    const trust = createForwardedTrust(undefined, true);
    const headers = { "x-forwarded-for": "100.70.0.9:51234" };
    expect(tailscaleClientAddress("127.0.0.1", headers, trust)).toBe("100.70.0.9");
    expect(tailscaleClientAddress("0000:0000:0000:0000:0000:0000:0000:0001", { "x-forwarded-for": "[fd7a::9]:4433" }, trust)).toBe("fd7a::9");
    expect(tailscaleClientAddress("192.168.1.5", headers, trust)).toBeUndefined();
    expect(clientAddress("127.0.0.1", headers, trust)).toBe("127.0.0.1");
  });
});
