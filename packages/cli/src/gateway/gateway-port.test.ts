import { describe, expect, it } from "vitest";
import { resolveGatewayPort } from "./gateway-port.js";
import { localTarget, resolveRpcTarget } from "../rpc/rpc-target.js";

describe("resolveGatewayPort", () => {
  it("takes --port, then CLAWD_GATEWAY_PORT, then a running gateway, then the installed service, then gateway.port, then 18789", () => {
    const all = { flag: 1001, env: { CLAWD_GATEWAY_PORT: "1002" }, servicePort: 1003, configPort: 1004 };
    expect(resolveGatewayPort({ ...all, flag: undefined, env: {}, running: { pid: 77, port: 1005 } })).toEqual({
      port: 1005,
      source: "running gateway (PID 77)",
    });
    expect(resolveGatewayPort({ ...all, flag: undefined, running: { pid: 77, port: 1005 } })).toEqual({ port: 1002, source: "CLAWD_GATEWAY_PORT" });
    expect(resolveGatewayPort(all)).toEqual({ port: 1001, source: "--port" });
    expect(resolveGatewayPort({ ...all, flag: undefined })).toEqual({ port: 1002, source: "CLAWD_GATEWAY_PORT" });
    expect(resolveGatewayPort({ ...all, flag: undefined, env: {} })).toEqual({ port: 1003, source: "installed service" });
    expect(resolveGatewayPort({ env: {}, configPort: 1004 })).toEqual({ port: 1004, source: "gateway.port" });
    expect(resolveGatewayPort({ env: {} })).toEqual({ port: 18789, source: "default" });
  });

  it("rejects a bad CLAWD_GATEWAY_PORT with what to do", () => {
    expect(() => resolveGatewayPort({ env: { CLAWD_GATEWAY_PORT: "abc" } })).toThrow(/CLAWD_GATEWAY_PORT/);
  });
});

describe("RPC target uses the same resolution", () => {
  it("the installed service's port beats gateway.port; --port beats both", () => {
    const config = { gateway: { port: 20000 } };
    expect(localTarget(config, {}, { servicePort: 20001 }).url).toBe("ws://127.0.0.1:20001");
    expect(resolveRpcTarget(config, {}, {}, "/c", { servicePort: 20001 })).toMatchObject({
      url: "ws://127.0.0.1:20001",
      source: "local loopback, port from installed service",
    });
    expect(resolveRpcTarget(config, { port: 20002 }, {}, "/c", { servicePort: 20001 }).url).toBe("ws://127.0.0.1:20002");
    expect(resolveRpcTarget(config, {}, {}, "/c").url).toBe("ws://127.0.0.1:20000");
  });

  it("--port in remote mode dials the local gateway with local credentials", () => {
    const config = { gateway: { mode: "remote" as const, remote: { url: "wss://far", token: "remote-t" }, auth: { token: "local-t" } } };
    expect(resolveRpcTarget(config, {}, {}, "/c")).toMatchObject({ url: "wss://far", token: "remote-t" });
    expect(resolveRpcTarget(config, { port: 20003 }, {}, "/c")).toMatchObject({ url: "ws://127.0.0.1:20003", token: "local-t" });
  });
});
