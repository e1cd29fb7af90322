import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstDefined, resolveGatewaySettings } from "./gateway-settings.js";

describe("resolveGatewaySettings (the one merge)", () => {
  it("--auth token keeps gateway.auth.token (upstream wiped it)", () => {
    const s = resolveGatewaySettings({ gateway: { auth: { token: "from-config" } } }, { auth: "token" }, {});
    expect(s.auth).toMatchObject({ mode: "token", token: "from-config" });
  });

  it("passes gateway.nodes through (the server defaults autoApproveLocal to true)", () => {
    expect(resolveGatewaySettings({}, {}, {}).nodes).toEqual({});
    const nodes = { autoApproveLocal: false, allowCommands: ["canvas.eval"], denyCommands: ["system.run"] };
    expect(resolveGatewaySettings({ gateway: { nodes } }, {}, {}).nodes).toEqual(nodes);
  });

  it("--tailscale-reset-on-exit alone keeps gateway.tailscale.mode; --tailscale alone keeps resetOnExit", () => {
    const config = { gateway: { tailscale: { mode: "serve" as const, resetOnExit: true } } };
    expect(resolveGatewaySettings(config, { tailscaleResetOnExit: true }, {}).tailscale).toEqual({ mode: "serve", resetOnExit: true });
    expect(resolveGatewaySettings(config, { tailscale: "funnel" }, {}).tailscale).toEqual({ mode: "funnel", resetOnExit: true });
  });

  it("port: --port over CLAWD_GATEWAY_PORT over gateway.port over 18789", () => {
    const config = { gateway: { port: 20000 } };
    expect(resolveGatewaySettings(config, { port: 1 }, { CLAWD_GATEWAY_PORT: "2" })).toMatchObject({ port: 1, portSource: "--port" });
    expect(resolveGatewaySettings(config, {}, { CLAWD_GATEWAY_PORT: "2" })).toMatchObject({ port: 2, portSource: "CLAWD_GATEWAY_PORT" });
    expect(resolveGatewaySettings(config, {}, {})).toMatchObject({ port: 20000, portSource: "gateway.port" });
    expect(resolveGatewaySettings({}, {}, {})).toMatchObject({ port: 18789, portSource: "default" });
    expect(() => resolveGatewaySettings({}, {}, { CLAWD_GATEWAY_PORT: "12ab" })).toThrow(/Invalid CLAWD_GATEWAY_PORT "12ab"/);
  });

  it("secrets: flag, then config, then CLAWD_*, then legacy CLAWDBOT_*; auth mode follows the secret", () => {
    expect(resolveGatewaySettings({}, {}, { CLAWDBOT_GATEWAY_TOKEN: "legacy" }).auth).toMatchObject({ mode: "token", token: "legacy" });
    expect(resolveGatewaySettings({}, {}, { CLAWD_GATEWAY_TOKEN: "new", CLAWDBOT_GATEWAY_TOKEN: "legacy" }).auth.token).toBe("new");
    expect(resolveGatewaySettings({}, {}, { CLAWD_GATEWAY_PASSWORD: "pw" }).auth.mode).toBe("password");
    expect(resolveGatewaySettings({}, {}, {}).auth.mode).toBe("none");
  });

  it("property: a flag left undefined never changes any resolved value", () => {
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const configArb = fc.record({
      port: maybe(fc.integer({ min: 1, max: 65535 })),
      bind: maybe(fc.constantFrom("loopback" as const, "lan" as const, "auto" as const)),
      auth: maybe(
        fc.record({
          mode: maybe(fc.constantFrom("none" as const, "token" as const, "password" as const)),
          token: maybe(fc.string({ minLength: 1 })),
          password: maybe(fc.string({ minLength: 1 })),
        }),
      ),
      tailscale: maybe(fc.record({ mode: maybe(fc.constantFrom("off" as const, "serve" as const)), resetOnExit: maybe(fc.boolean()) })),
    });
    fc.assert(
      fc.property(configArb, (gateway) => {
        const config = { gateway };
        const baseline = resolveGatewaySettings(config, {}, {});
        const withUndefined = resolveGatewaySettings(
          config,
          { port: undefined, bind: undefined, auth: undefined, token: undefined, password: undefined, tailscale: undefined, tailscaleResetOnExit: undefined },
          {},
        );
        expect(withUndefined).toEqual(baseline);
      }),
    );
  });

  it("firstDefined skips only undefined (false, 0 and empty strings are values)", () => {
    expect(firstDefined(undefined, false, true)).toBe(false);
    expect(firstDefined(undefined, 0, 1)).toBe(0);
    expect(firstDefined<string>(undefined, undefined)).toBeUndefined();
  });

  it("secrets: the flag, then the config, then the environment (env is only a fallback) — the gateway and the RPC commands agree", async () => {
    const { resolveRpcTarget } = await import("../rpc/rpc-target.js");
    const env = { CLAWD_GATEWAY_TOKEN: "from-env", CLAWD_GATEWAY_PASSWORD: "pw-env" };
    const config = { gateway: { auth: { token: "from-config", password: "pw-config" } } };
    expect(resolveGatewaySettings(config, {}, env).auth).toMatchObject({ token: "from-config", password: "pw-config" });
    expect(resolveGatewaySettings(config, { token: "from-flag" }, env).auth.token).toBe("from-flag");
    expect(resolveGatewaySettings({}, {}, env).auth).toMatchObject({ token: "from-env", password: "pw-env" });
    expect(resolveRpcTarget(config, {}, env, "/c")).toMatchObject({ token: "from-config", password: "pw-config" });
    expect(resolveRpcTarget({}, {}, env, "/c")).toMatchObject({ token: "from-env", password: "pw-env" });
  });
});
