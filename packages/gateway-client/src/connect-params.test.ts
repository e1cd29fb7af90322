import { describe, expect, it } from "vitest";
import { assertValidIdentity, buildConnectParams, currentPlatform, GATEWAY_CLIENT_IDS, GATEWAY_CLIENT_MODES } from "./connect-params.js";

describe("buildConnectParams", () => {
  it("defaults to gateway-client/backend, protocol 3, operator with admin scope, no auth", () => {
    expect(buildConnectParams({}, "linux")).toEqual({
      minProtocol: 3,
      maxProtocol: 3,
      client: { id: "gateway-client", version: "dev", platform: "linux", mode: "backend" },
      role: "operator",
      scopes: ["operator.admin"],
    });
  });

  it("carries identity, scopes and a token", () => {
    const p = buildConnectParams(
      { clientName: "cli", mode: "cli", clientVersion: "1.2.3", instanceId: "i-1", displayName: "me", scopes: ["operator.read"], token: "t" },
      "darwin",
    );
    expect(p.client).toEqual({ id: "cli", version: "1.2.3", platform: "darwin", mode: "cli", instanceId: "i-1", displayName: "me" });
    expect(p.scopes).toEqual(["operator.read"]);
    expect(p.auth).toEqual({ token: "t" });
  });

  it("connects as a node with no scopes and its declared caps and commands", () => {
    const p = buildConnectParams(
      { role: "node", mode: "node", clientName: "node-host", caps: ["system"], commands: ["system.which"], pathEnv: "/bin" },
      "linux",
    );
    expect(p).toMatchObject({ role: "node", scopes: [], caps: ["system"], commands: ["system.which"], pathEnv: "/bin" });
  });

  it("sends a password, and never empty optional strings", () => {
    const p = buildConnectParams({ password: "pw", instanceId: "", displayName: "", token: "" }, "");
    expect(p.auth).toEqual({ password: "pw" });
    expect(p.client).toEqual({ id: "gateway-client", version: "dev", platform: "unknown", mode: "backend" });
  });
});

describe("assertValidIdentity", () => {
  it("accepts every known id, any other well-formed id, and every mode", () => {
    for (const clientName of GATEWAY_CLIENT_IDS) expect(() => assertValidIdentity({ clientName })).not.toThrow();
    expect(() => assertValidIdentity({ clientName: "ios-node" })).not.toThrow();
    for (const mode of GATEWAY_CLIENT_MODES) expect(() => assertValidIdentity({ mode })).not.toThrow();
  });

  it("names the accepted values when the client id or mode would be refused", () => {
    expect(() => assertValidIdentity({ clientName: "my app" })).toThrow(/clientName "my app".*1-64 letters, digits/);
    expect(() => assertValidIdentity({ clientName: "a".repeat(65) })).toThrow(/is not accepted by the gateway/);
    expect(() => assertValidIdentity({ mode: "operator" })).toThrow(/mode "operator".*one of: webchat, cli/);
  });
});

describe("currentPlatform", () => {
  it("is process.platform in Node", () => {
    expect(currentPlatform()).toBe(process.platform);
  });
});
