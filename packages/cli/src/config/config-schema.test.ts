import { describe, expect, it } from "vitest";
import { type ConfigIssue, validateConfig } from "./config-schema.js";

/** The issues for `input` (the test fails if it validates). */
function issues(input: unknown): ConfigIssue[] {
  const result = validateConfig(input);
  if (result.ok) throw new Error(`expected issues, the config validated: ${JSON.stringify(input)}`);
  return result.issues;
}

describe("validateConfig: what passes", () => {
  it("accepts an empty file, a full gateway section, and keeps unknown sections outside gateway", () => {
    expect(validateConfig({})).toEqual({ ok: true, config: {} });
    const full = {
      gateway: {
        mode: "local",
        port: 65535,
        bind: "custom",
        customBindHost: "::1",
        auth: { mode: "token", token: "t", password: "p", allowTailscale: false },
        tailscale: { mode: "serve", resetOnExit: true },
        remote: { url: "wss://gw.example.com/ws", token: "rt", password: "rp" },
        trustedProxies: ["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/64", "0.0.0.0/0"],
        nodes: { autoApproveLocal: false, allowCommands: ["canvas.eval"], denyCommands: ["system.run"] },
      },
      agents: { defaults: { model: "anthropic/claude", workspace: "~/clawd", custom: 1 }, list: [] },
      plugins: [{ module: "./hello.js", config: { greeting: "Hi" }, enabled: false }, { module: "@scope/plugin" }],
      channels: { telegram: { anything: true } },
    };
    expect(validateConfig(full)).toEqual({ ok: true, config: full });
  });

  it("accepts every port from 1 to 65535", () => {
    for (const port of [1, 80, 18789, 65535]) expect(validateConfig({ gateway: { port } }).ok, String(port)).toBe(true);
  });
});

describe("validateConfig: issue paths and messages", () => {
  it("names a typo in the strict gateway section (a misspelt security key must not be ignored)", () => {
    expect(issues({ gateway: { auth: { tokne: "x" } } })).toEqual([{ key: "gateway.auth.tokne", message: "unknown key (check the spelling)" }]);
    expect(issues({ gateway: { prot: 1 } })).toEqual([{ key: "gateway.prot", message: "unknown key (check the spelling)" }]);
    expect(issues({ gateway: { tailscale: { reset: true } } })).toEqual([{ key: "gateway.tailscale.reset", message: "unknown key (check the spelling)" }]);
  });

  it("points gateway.token and gateway.password to where they belong", () => {
    expect(issues({ gateway: { token: "t" } })).toEqual([{ key: "gateway.token", message: 'unknown key; use "gateway.auth.token" instead' }]);
    expect(issues({ gateway: { password: "p" } })).toEqual([{ key: "gateway.password", message: 'unknown key; use "gateway.auth.password" instead' }]);
  });

  it("ports: a number, whole, 1–65535", () => {
    expect(issues({ gateway: { port: "18789" } })).toEqual([{ key: "gateway.port", message: "must be a number" }]);
    expect(issues({ gateway: { port: 80.5 } })).toEqual([{ key: "gateway.port", message: "must be a whole number" }]);
    expect(issues({ gateway: { port: 0 } })).toEqual([{ key: "gateway.port", message: "must be between 1 and 65535" }]);
    expect(issues({ gateway: { port: 65536 } })).toEqual([{ key: "gateway.port", message: "must be between 1 and 65535" }]);
  });

  it("enumerations list their values", () => {
    expect(issues({ gateway: { mode: "cloud" } })).toEqual([{ key: "gateway.mode", message: "must be one of: local, remote" }]);
    expect(issues({ gateway: { bind: "0.0.0.0" } })).toEqual([{ key: "gateway.bind", message: "must be one of: loopback, lan, tailnet, auto, custom" }]);
    expect(issues({ gateway: { auth: { mode: "basic" } } })).toEqual([{ key: "gateway.auth.mode", message: "must be one of: none, token, password" }]);
    expect(issues({ gateway: { tailscale: { mode: "on" } } })).toEqual([{ key: "gateway.tailscale.mode", message: "must be one of: off, serve, funnel" }]);
  });

  it("secrets must be non-empty strings: a blank or numeric token is refused", () => {
    expect(issues({ gateway: { auth: { token: "" } } })).toEqual([{ key: "gateway.auth.token", message: "must not be empty" }]);
    expect(issues({ gateway: { auth: { password: "   " } } })).toEqual([{ key: "gateway.auth.password", message: "must not be empty" }]);
    expect(issues({ gateway: { auth: { token: 123 } } })).toEqual([{ key: "gateway.auth.token", message: "must be a string" }]);
    expect(issues({ gateway: { remote: { token: "" } } })).toEqual([{ key: "gateway.remote.token", message: "must not be empty" }]);
  });

  it("addresses: customBindHost is an IP, remote.url a ws(s) URL, trustedProxies addresses or CIDR ranges within the family's width", () => {
    expect(issues({ gateway: { customBindHost: "my-box.local" } })).toEqual([{ key: "gateway.customBindHost", message: "must be an IP address" }]);
    expect(issues({ gateway: { remote: { url: "http://gw:18789" } } })).toEqual([{ key: "gateway.remote.url", message: "must be a ws:// or wss:// URL" }]);
    expect(issues({ gateway: { remote: { url: "ws://" } } })).toEqual([{ key: "gateway.remote.url", message: "must be a ws:// or wss:// URL" }]);
    const proxy = "must be an IP address or CIDR range (e.g. 127.0.0.1 or 10.0.0.0/8)";
    for (const bad of ["10.0.0.0/33", "::1/129", "localhost", "10.0.0.1/", "1.2.3", " 10.0.0.1"]) {
      expect(issues({ gateway: { trustedProxies: [bad] } }), bad).toEqual([{ key: "gateway.trustedProxies.0", message: proxy }]);
    }
    expect(issues({ gateway: { trustedProxies: "10.0.0.1" } })).toEqual([
      { key: "gateway.trustedProxies", message: "must be a list of IP addresses or CIDR ranges" },
    ]);
  });

  it("sections must be objects — a string, a number or a list (which the schema library alone would accept) — one issue each; issues inside lists carry the index", () => {
    expect(issues({ gateway: "local" })).toEqual([{ key: "gateway", message: "must be an object" }]);
    expect(issues({ agents: 1 })).toEqual([{ key: "agents", message: "must be an object" }]);
    // A list where a section belongs: `"auth": ["token"]` must not run the gateway without auth.
    expect(issues({ gateway: { auth: [] } })).toEqual([{ key: "gateway.auth", message: "must be an object" }]);
    expect(issues({ gateway: { auth: ["token"] } })).toEqual([{ key: "gateway.auth", message: "must be an object" }]);
    expect(issues({ gateway: ["local"] })).toEqual([{ key: "gateway", message: "must be an object" }]);
    expect(issues({ agents: { defaults: [] } })).toEqual([{ key: "agents.defaults", message: "must be an object" }]);
    expect(issues({ plugins: [[]] })).toEqual([{ key: "plugins.0", message: "must be an object" }]);
    expect(issues([])).toEqual([{ key: "<root>", message: "must be an object" }]);
    // Sections the gateway does not own stay free-form, lists included.
    expect(validateConfig({ channels: [], agents: { list: [{ id: "a" }] }, plugins: [{ module: "x", config: [] }] }).ok).toBe(true);
    expect(issues({ gateway: { nodes: { denyCommands: ["system.run", ""] } } })).toEqual([
      { key: "gateway.nodes.denyCommands.1", message: "must not be empty" },
    ]);
  });

  it("plugins: a list of strict entries (enable: false must not load the plugin anyway)", () => {
    expect(issues({ plugins: { module: "x" } })).toEqual([{ key: "plugins", message: "must be a list of { module, config, enabled }" }]);
    expect(issues({ plugins: [{ module: "x", enable: false }] })).toEqual([{ key: "plugins.0.enable", message: "unknown key (check the spelling)" }]);
    expect(issues({ plugins: [{ module: "" }] })).toEqual([{ key: "plugins.0.module", message: "must not be empty" }]);
    expect(issues({ plugins: [{ module: "x", enabled: "no" }] })).toEqual([{ key: "plugins.0.enabled", message: "must be true or false" }]);
  });

  it("reports every problem at once, not only the first", () => {
    expect(issues({ gateway: { port: 0, bind: "everywhere", auth: { token: "" } } }).map((i) => i.key)).toEqual([
      "gateway.port",
      "gateway.bind",
      "gateway.auth.token",
    ]);
  });
});
