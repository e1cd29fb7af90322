import { arch, hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { describeGatewayHost, primaryIPv4 } from "./self-presence.js";

const nic = (address: string, family: "IPv4" | "IPv6", internal: boolean) =>
  ({ address, family, internal, netmask: "", mac: "00:00:00:00:00:00", cidr: null }) as never;

describe("primaryIPv4", () => {
  it("is the first non-internal IPv4, skipping loopback and IPv6", () => {
    expect(
      primaryIPv4({
        lo: [nic("127.0.0.1", "IPv4", true)],
        eth0: [nic("fe80::1", "IPv6", false), nic("192.0.2.2", "IPv4", false)],
        eth1: [nic("198.51.100.7", "IPv4", false)],
      }),
    ).toBe("192.0.2.2");
  });
  it("is undefined on a loopback-only host", () => {
    expect(primaryIPv4({ lo: [nic("127.0.0.1", "IPv4", true), nic("::1", "IPv6", true)] })).toBeUndefined();
  });
});

describe("describeGatewayHost", () => {
  it("names this machine: hostname, OS and release, family, arch", () => {
    const info = describeGatewayHost();
    expect(info.host).toBe(hostname());
    expect(info.platform.startsWith(`${process.platform} `)).toBe(true);
    expect(info.modelIdentifier).toBe(arch());
    if (process.platform === "linux") expect(info.deviceFamily).toBe("Linux");
  });
});
