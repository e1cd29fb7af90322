import { describe, expect, it } from "vitest";
import { decideServerAuth } from "./auth.js";
import type { BindPlan } from "./bind.js";

const loopback: BindPlan = { mode: "loopback", hosts: ["127.0.0.1", "::1"], displayHosts: [] };
const lan: BindPlan = { mode: "lan", hosts: ["0.0.0.0"], displayHosts: [] };
const customLoopback: BindPlan = { mode: "custom", hosts: ["127.0.0.1"], displayHosts: [] };
const settings = (mode: "none" | "token" | "password", extra: { token?: string; password?: string } = {}, tailscale: "off" | "serve" | "funnel" = "off") => ({
  auth: { mode, token: extra.token, password: extra.password, allowTailscale: false },
  tailscale: { mode: tailscale, resetOnExit: false },
});

describe("decideServerAuth (judged on resolved hosts)", () => {
  it("loopback may run without auth; a custom bind that resolves to loopback too (upstream used the mode name)", () => {
    expect(decideServerAuth(settings("none"), loopback)).toEqual({ mode: "none" });
    expect(decideServerAuth(settings("none"), customLoopback)).toEqual({ mode: "none" });
  });
  it("a non-loopback host needs a secret", () => {
    expect(() => decideServerAuth(settings("none"), lan)).toThrow("Refusing to bind gateway to lan without auth.");
    expect(decideServerAuth(settings("token", { token: "t" }), lan)).toEqual({ mode: "token", token: "t" });
  });
  it("a mode without its secret is an error", () => {
    expect(() => decideServerAuth(settings("token"), loopback)).toThrow("Gateway auth is set to token, but no token is configured.");
    expect(() => decideServerAuth(settings("password"), loopback)).toThrow("Gateway auth is set to password, but no password is configured.");
  });
  it("tailscale needs loopback; funnel needs password auth", () => {
    expect(() => decideServerAuth(settings("token", { token: "t" }, "serve"), lan)).toThrow("Tailscale serve requires a loopback bind (current: lan).");
    expect(() => decideServerAuth(settings("token", { token: "t" }, "funnel"), loopback)).toThrow(/funnel requires password auth/);
    expect(decideServerAuth(settings("password", { password: "p" }, "funnel"), loopback)).toEqual({ mode: "password", password: "p" });
  });
});
