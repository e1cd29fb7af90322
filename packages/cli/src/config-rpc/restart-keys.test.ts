import { describe, expect, it } from "vitest";
import { changedKeys, keysNeedingRestart } from "./restart-keys.js";

describe("changedKeys", () => {
  it("lists changed, added and removed leaves by dotted key", () => {
    const before = { gateway: { port: 1, auth: { mode: "token", token: "a" } }, agents: { defaults: { model: "m" } } };
    const after = { gateway: { port: 2, auth: { mode: "token" }, bind: "lan" }, agents: { defaults: { model: "m" } }, extra: [1] };
    expect(changedKeys(before, after)).toEqual(["extra", "gateway.auth.token", "gateway.bind", "gateway.port"]);
  });

  it("is empty for equal configs and names an object replaced by a scalar", () => {
    expect(changedKeys({ a: { b: [1, 2] } }, { a: { b: [1, 2] } })).toEqual([]);
    expect(changedKeys({ a: { b: 1 } }, { a: 5 })).toEqual(["a", "a.b"]);
  });
});

describe("keysNeedingRestart", () => {
  it("gateway.limits.* needs a restart (the limits are fixed when the server starts)", () => {
    expect(keysNeedingRestart(["gateway.limits.maxConnections", "gateway.limits", "gateway.limitsx"])).toEqual([
      "gateway.limits.maxConnections",
      "gateway.limits",
    ]);
  });

  it("keeps port, bind, auth, tailscale, trusted proxies, nodes and plugins changes; model and remote apply at once", () => {
    expect(
      keysNeedingRestart([
        "agents.defaults.model",
        "gateway.auth.token",
        "gateway.bind",
        "gateway.portal",
        "gateway.remote.url",
        "gateway.tailscale.mode",
        "gateway.trustedProxies",
        "gateway.nodes.allowCommands",
        "plugins",
        "pluginsx",
      ]),
    ).toEqual(["gateway.auth.token", "gateway.bind", "gateway.tailscale.mode", "gateway.trustedProxies", "gateway.nodes.allowCommands", "plugins"]);
  });
});
