import type { NetworkInterfaceInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { type BindEnvironment, isLoopbackHost, isTailnetIPv4, resolveBindHosts, wsUrl } from "./bind.js";

const iface = (address: string, internal = false): NetworkInterfaceInfo =>
  ({ address, family: address.includes(":") ? "IPv6" : "IPv4", internal, netmask: "", mac: "", cidr: null }) as NetworkInterfaceInfo;

function fakeEnv(addresses: string[], bindable: string[] = ["127.0.0.1", "::1"]): BindEnvironment {
  return {
    interfaces: () => ({ lo: [iface("127.0.0.1", true)], eth0: addresses.map((a) => iface(a)) }),
    canBind: async (host) => bindable.includes(host),
  };
}

describe("resolveBindHosts", () => {
  it("loopback adds ::1 only when it can be bound", async () => {
    expect((await resolveBindHosts("loopback", { authConfigured: false }, fakeEnv([]))).hosts).toEqual(["127.0.0.1", "::1"]);
    expect((await resolveBindHosts("loopback", { authConfigured: false }, fakeEnv([], ["127.0.0.1"]))).hosts).toEqual(["127.0.0.1"]);
  });
  it("lan listens on 0.0.0.0 and prints one line per non-internal IPv4", async () => {
    const plan = await resolveBindHosts("lan", { authConfigured: true }, fakeEnv(["192.168.1.5", "fe80::1", "10.0.0.2"]));
    expect(plan.hosts).toEqual(["0.0.0.0"]);
    expect(plan.displayHosts).toEqual(["127.0.0.1", "192.168.1.5", "10.0.0.2"]);
  });
  it("auto is loopback without auth and LAN with auth", async () => {
    expect((await resolveBindHosts("auto", { authConfigured: false }, fakeEnv(["192.168.1.5"]))).hosts).toEqual(["127.0.0.1", "::1"]);
    expect((await resolveBindHosts("auto", { authConfigured: true }, fakeEnv(["192.168.1.5"]))).hosts).toEqual(["0.0.0.0"]);
  });
  it("tailnet takes the first 100.64.0.0/10 address, and errors when there is none", async () => {
    expect((await resolveBindHosts("tailnet", { authConfigured: true }, fakeEnv(["192.168.1.5", "100.100.1.2", "100.64.0.1"]))).hosts).toEqual(["100.100.1.2"]);
    await expect(resolveBindHosts("tailnet", { authConfigured: true }, fakeEnv(["192.168.1.5", "100.128.0.1"]))).rejects.toThrow(/no Tailscale address/);
  });
  it("custom needs a bindable host and never falls back to 0.0.0.0", async () => {
    await expect(resolveBindHosts("custom", { authConfigured: true }, fakeEnv([]))).rejects.toThrow(/no host given/);
    await expect(resolveBindHosts("custom", { customHost: "10.9.9.9", authConfigured: true }, fakeEnv([]))).rejects.toThrow(
      "Cannot bind gateway to 10.9.9.9: the address is not available on this machine.",
    );
    expect((await resolveBindHosts("custom", { customHost: "::1", authConfigured: false }, fakeEnv([]))).hosts).toEqual(["::1"]);
  });
  it("helpers", () => {
    expect(isTailnetIPv4("100.64.0.0")).toBe(true);
    expect(isTailnetIPv4("100.127.255.255")).toBe(true);
    expect(isTailnetIPv4("100.63.0.1")).toBe(false);
    expect(isLoopbackHost("127.8.0.1")).toBe(true);
    expect(isLoopbackHost("::ffff:127.0.0.1")).toBe(true);
    // One predicate with the server (defect 9): the expanded IPv6 loopback is loopback here too.
    expect(isLoopbackHost("0:0:0:0:0:0:0:1")).toBe(true);
    expect(isLoopbackHost("[::1]")).toBe(true);
    expect(isLoopbackHost("0.0.0.0")).toBe(false);
    expect(wsUrl("::1", 5)).toBe("ws://[::1]:5");
  });
});
