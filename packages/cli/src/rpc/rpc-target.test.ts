import type { GatewayRuntime } from "../gateway/runtime-file.js";
import { networkInterfaces } from "node:os";
import { describe, expect, it } from "vitest";
import { CliError, EXIT_USAGE } from "../cli-error.js";
import type { ClawdConfig } from "../config/config-schema.js";
import { isTailnetIPv4 } from "../gateway/bind.js";
import { localTarget, resolveRpcTarget } from "./rpc-target.js";

const CONFIG_PATH = "/home/u/.clawd/clawd.json";

/** The error `fn` throws, as its lines and exit code. */
function failure(fn: () => unknown): { lines: string[]; exitCode: number } {
  try {
    fn();
  } catch (err) {
    expect(CliError.isInstance(err)).toBe(true);
    return { lines: (err as CliError).lines, exitCode: (err as CliError).exitCode };
  }
  throw new Error("expected an error, got none");
}

describe("resolveRpcTarget: where RPC commands dial (--url > --port > CLAWD_GATEWAY_PORT > installed service > gateway.port > 18789)", () => {
  const config: ClawdConfig = { gateway: { mode: "local", port: 20000 } };
  const env = { CLAWD_GATEWAY_PORT: "21000" };

  it("walks the order one level at a time, and says where the target came from", () => {
    const at = (flags: { url?: string; port?: number }, e: NodeJS.ProcessEnv, servicePort?: number, c: ClawdConfig = config, running?: GatewayRuntime) => {
      const t = resolveRpcTarget(c, flags, e, CONFIG_PATH, { servicePort, running });
      return [t.url, t.source];
    };
    expect(at({ url: "ws://10.0.0.5:1234", port: 19001 }, env, 22000)).toEqual(["ws://10.0.0.5:1234", "cli --url"]);
    expect(at({ port: 19001 }, env, 22000)).toEqual(["ws://127.0.0.1:19001", "local loopback, port from --port"]);
    expect(at({}, env, 22000)).toEqual(["ws://127.0.0.1:21000", "local loopback, port from CLAWD_GATEWAY_PORT"]);
    const running: GatewayRuntime = { pid: 4242, port: 23000, host: "127.0.0.1", startedAt: "2026-11-25T20:00:00.000Z" };
    expect(at({ port: 19001 }, env, 22000, config, running)[1]).toBe("local loopback, port from --port");
    expect(at({}, env, 22000, config, running)[1]).toBe("local loopback, port from CLAWD_GATEWAY_PORT");
    expect(at({}, {}, 22000, config, running)).toEqual(["ws://127.0.0.1:23000", "local 127.0.0.1, port from running gateway (PID 4242)"]);
    expect(at({}, {}, 22000, config, { ...running, host: "::1" })[0]).toBe("ws://[::1]:23000");
    expect(at({}, {}, 22000)).toEqual(["ws://127.0.0.1:22000", "local loopback, port from installed service"]);
    expect(at({}, {}, undefined)).toEqual(["ws://127.0.0.1:20000", "local loopback, port from gateway.port"]);
    expect(at({}, {}, undefined, {})).toEqual(["ws://127.0.0.1:18789", "local loopback, port from default"]);
  });

  it("remote mode dials gateway.remote.url, unless --url or --port points elsewhere", () => {
    const remote: ClawdConfig = {
      gateway: { mode: "remote", port: 20000, remote: { url: "wss://gw.example.com", token: "remote-t" }, auth: { token: "local-t" } },
    };
    expect(resolveRpcTarget(remote, {}, {}, CONFIG_PATH, { servicePort: 22000 })).toMatchObject({
      url: "wss://gw.example.com",
      source: "config gateway.remote.url",
      token: "remote-t",
    });
    expect(resolveRpcTarget(remote, { url: "ws://127.0.0.1:1" }, {}, CONFIG_PATH)).toMatchObject({
      url: "ws://127.0.0.1:1",
      source: "cli --url",
      token: "remote-t",
    });
    // --port means "the local gateway on this port": the local secrets apply, not the remote ones.
    expect(resolveRpcTarget(remote, { port: 19001 }, {}, CONFIG_PATH)).toMatchObject({ url: "ws://127.0.0.1:19001", token: "local-t" });
  });

  it("remote mode without gateway.remote.url is an error naming the config file and both fixes", () => {
    const { lines, exitCode } = failure(() => resolveRpcTarget({ gateway: { mode: "remote" } }, {}, {}, CONFIG_PATH));
    expect(exitCode).toBe(1);
    expect(lines).toEqual([
      "gateway remote mode misconfigured: gateway.remote.url missing",
      `Config: ${CONFIG_PATH}`,
      "Fix: set gateway.remote.url, or set gateway.mode=local.",
    ]);
  });

  it("secrets: --token/--password, then the remote ones (remote mode only), then gateway.auth, then the environment", () => {
    const both = { gateway: { mode: "local" as const, auth: { token: "cfg-t", password: "cfg-p" }, remote: { token: "rem-t" } } };
    const envSecrets = { CLAWD_GATEWAY_TOKEN: "env-t", CLAWD_GATEWAY_PASSWORD: "env-p" };
    expect(resolveRpcTarget(both, { token: "flag-t", password: "flag-p" }, envSecrets, CONFIG_PATH)).toMatchObject({ token: "flag-t", password: "flag-p" });
    expect(resolveRpcTarget(both, {}, envSecrets, CONFIG_PATH)).toMatchObject({ token: "cfg-t", password: "cfg-p" }); // remote.token ignored in local mode
    expect(resolveRpcTarget({}, {}, envSecrets, CONFIG_PATH)).toMatchObject({ token: "env-t", password: "env-p" });
    expect(resolveRpcTarget({}, {}, { CLAWDBOT_GATEWAY_TOKEN: "legacy" }, CONFIG_PATH).token).toBe("legacy");
    expect(resolveRpcTarget({}, {}, {}, CONFIG_PATH)).toMatchObject({ token: undefined, password: undefined, configPath: CONFIG_PATH });
  });

  it("a bad CLAWD_GATEWAY_PORT or an empty secret variable is an error that names the variable", () => {
    const port = failure(() => resolveRpcTarget({}, {}, { CLAWD_GATEWAY_PORT: "18789x" }, CONFIG_PATH));
    expect(port.lines).toEqual(['Invalid CLAWD_GATEWAY_PORT "18789x" (use a whole number from 1 to 65535).', "Fix or unset CLAWD_GATEWAY_PORT."]);
    // --port never reads the variable, so a broken one does not stand in its way.
    expect(resolveRpcTarget({}, { port: 19001 }, { CLAWD_GATEWAY_PORT: "18789x" }, CONFIG_PATH).url).toBe("ws://127.0.0.1:19001");
    const secret = failure(() => resolveRpcTarget({}, {}, { CLAWD_GATEWAY_TOKEN: " " }, CONFIG_PATH));
    expect(secret).toEqual({
      exitCode: EXIT_USAGE,
      lines: ["CLAWD_GATEWAY_TOKEN is set but empty.", "Set it to the gateway token, or unset it (unset CLAWD_GATEWAY_TOKEN)."],
    });
  });
});

describe("localTarget", () => {
  it("dials loopback for every bind but tailnet, and this machine's Tailscale address for tailnet (loopback when it has none)", () => {
    for (const bind of ["loopback", "lan", "auto", "custom"] as const) {
      expect(localTarget({ gateway: { bind, port: 19001 } }, {}).url, bind).toBe("ws://127.0.0.1:19001");
    }
    const tailnet = Object.values(networkInterfaces())
      .flat()
      .find((i) => i?.family === "IPv4" && !i.internal && isTailnetIPv4(i.address))?.address;
    const target = localTarget({ gateway: { bind: "tailnet", port: 19001 } }, {});
    expect(target).toEqual(
      tailnet
        ? { url: `ws://${tailnet}:19001`, source: `local tailnet ${tailnet}, port from gateway.port` }
        : { url: "ws://127.0.0.1:19001", source: "local loopback, port from gateway.port" },
    );
  });
});
