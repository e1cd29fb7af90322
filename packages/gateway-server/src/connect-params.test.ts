import { describe, expect, it } from "vitest";
import { parseConnectParams } from "./connect-params.js";

const valid = { minProtocol: 3, maxProtocol: 3, client: { id: "cli", version: "dev", platform: "linux", mode: "cli" } };

describe("parseConnectParams", () => {
  it("accepts the upstream CLI's params, device block included", () => {
    const params = {
      ...valid,
      role: "operator",
      scopes: ["operator.admin"],
      caps: [],
      auth: { token: "t" },
      device: { id: "abc", publicKey: "pk", signature: "sig", signedAt: 1, nonce: "n" },
    };
    expect(parseConnectParams(params)).toMatchObject({ ok: true });
  });

  it.each(["clawdbot-control-ui", "moltbot-control-ui", "clawdbot-macos", "moltbot-ios", "cli", "webchat", "gateway-client", "node-host", "my-app.v2:beta_1"])(
    "accepts the well-formed client id %s",
    (id) => {
      expect(parseConnectParams({ ...valid, client: { ...valid.client, id } })).toMatchObject({ ok: true, params: { client: { id } } });
    },
  );

  it.each([
    [{ ...valid, client: { ...valid.client, id: "" } }, "at /client/id: must be a non-empty string"],
    [{ ...valid, client: { ...valid.client, id: "x".repeat(65) } }, "at /client/id: must be at most 64 characters"],
    [{ ...valid, client: { ...valid.client, id: "has space" } }, "at /client/id: must start with a letter or digit"],
    [{ ...valid, client: { ...valid.client, id: "-leading" } }, "at /client/id: must start with a letter or digit"],
    [{ ...valid, client: { ...valid.client, id: "<script>" } }, "at /client/id: must start with a letter or digit"],
    [{ ...valid, client: { ...valid.client, id: 7 } }, "at /client/id: must be a string"],
    [{ ...valid, client: { ...valid.client, mode: "operator" } }, "at /client/mode: must be one of"],
    [{ ...valid, minProtocol: 0 }, "at /minProtocol: must be ≥ 1"],
    [{ ...valid, maxProtocol: "3" }, "at /maxProtocol:"],
    [{ ...valid, client: { ...valid.client, extra: 1 } }, "at /client/extra: unexpected property"],
    [{ ...valid, auth: { token: 5 } }, "at /auth/token:"],
    [{ ...valid, scopes: [""] }, "at /scopes/0: must be a non-empty string"],
    [{ ...valid, device: { id: "x" } }, "at /device/publicKey: required"],
    [{ ...valid, client: { id: "cli", platform: "linux", mode: "cli" } }, "at /client/version: required"],
    [null, "at /:"],
  ])("rejects %j naming the field", (input, fragment) => {
    const result = parseConnectParams(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(fragment);
  });
});
