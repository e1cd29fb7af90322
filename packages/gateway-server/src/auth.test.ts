import { describe, expect, it } from "vitest";
import { authHint, decideConnectAuth, resolveAuthConfig, safeEqualSecret } from "./auth.js";

const backend = { id: "gateway-client", mode: "backend" };

describe("safeEqualSecret", () => {
  it("compares equal and unequal secrets of any length without throwing", () => {
    expect(safeEqualSecret("abc", "abc")).toBe(true);
    expect(safeEqualSecret("abc", "abd")).toBe(false);
    // Different lengths would make crypto.timingSafeEqual throw; hashing first avoids the early exit.
    expect(safeEqualSecret("a", "a".repeat(10_000))).toBe(false);
    expect(safeEqualSecret("", "x")).toBe(false);
    expect(safeEqualSecret("ünïcødé", "ünïcødé")).toBe(true);
  });
});

describe("resolveAuthConfig", () => {
  it("defaults to none and requires the secret of the chosen mode", () => {
    expect(resolveAuthConfig(undefined)).toEqual({ mode: "none" });
    expect(resolveAuthConfig({ mode: "token", token: "t" })).toEqual({ mode: "token", token: "t" });
    expect(() => resolveAuthConfig({ mode: "token" })).toThrow(/CLAWD_GATEWAY_TOKEN/);
    expect(() => resolveAuthConfig({ mode: "password", password: "" })).toThrow(/gateway\.auth\.password/);
    expect(() => resolveAuthConfig({ mode: "magic" as never })).toThrow(/unknown auth mode "magic"/);
  });
});

describe("decideConnectAuth", () => {
  it("lets everyone in with mode none", () => {
    expect(decideConnectAuth({ mode: "none" }, undefined, backend)).toEqual({ ok: true, method: "none" });
  });

  it("distinguishes missing and mismatched secrets", () => {
    const config = { mode: "token" as const, token: "t" };
    expect(decideConnectAuth(config, { token: "t" }, backend)).toEqual({ ok: true, method: "token" });
    expect(decideConnectAuth(config, {}, backend)).toMatchObject({
      ok: false,
      reason: "token_missing",
      message: "unauthorized: gateway token missing (provide gateway auth token)",
    });
    expect(decideConnectAuth(config, { token: "" }, backend)).toMatchObject({ ok: false, reason: "token_missing" });
    expect(decideConnectAuth(config, { token: "x" }, backend)).toMatchObject({ ok: false, reason: "token_mismatch" });
    // A password does not satisfy token mode.
    expect(decideConnectAuth(config, { password: "t" }, backend)).toMatchObject({ ok: false, reason: "token_missing" });
    const pw = { mode: "password" as const, password: "p" };
    expect(decideConnectAuth(pw, { password: "q" }, backend)).toMatchObject({
      ok: false,
      reason: "password_mismatch",
      message: "unauthorized: gateway password mismatch (provide gateway auth password)",
    });
  });

  it("accepts a vouched identity and reports a rejected one next to the secret failure", () => {
    const config = { mode: "token" as const, token: "t" };
    expect(decideConnectAuth(config, undefined, backend, { ok: true, login: "a@b" })).toEqual({ ok: true, method: "identity", login: "a@b" });
    const failed = decideConnectAuth(config, undefined, backend, { ok: false, reason: "whois failed" });
    expect(failed).toMatchObject({
      ok: false,
      message: "unauthorized: gateway token missing (provide gateway auth token); tailscale identity rejected: whois failed",
    });
    expect(decideConnectAuth(config, { token: "t" }, backend, { ok: false, reason: "x" })).toEqual({ ok: true, method: "token" });
  });
});

describe("authHint", () => {
  it("phrases hints per client kind", () => {
    expect(authHint("token", { id: "cli", mode: "cli" })).toBe("set gateway.remote.token to match gateway.auth.token");
    expect(authHint("password", { id: "moltbot-control-ui", mode: "ui" })).toBe("enter the password in Control UI settings");
    expect(authHint("token", { id: "webchat", mode: "webchat" })).toBe("open a tokenized dashboard URL or paste token in Control UI settings");
    expect(authHint("password", backend)).toBe("provide gateway auth password");
  });
});
