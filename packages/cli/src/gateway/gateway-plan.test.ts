import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { NetworkInterfaceInfo } from "node:os";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CliError } from "../cli-error.js";
import type { ClawdConfig } from "../config/config-schema.js";
import { resolvePaths } from "../config/paths.js";
import type { BindEnvironment } from "./bind.js";
import { parseGatewayFlags } from "./flags.js";
import { planFromConfig, planGateway } from "./gateway-plan.js";

const home = mkdtempSync(join(tmpdir(), "clawd-plan-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const paths = resolvePaths(undefined, { HOME: home });

const nic = (address: string, internal = false): NetworkInterfaceInfo =>
  ({ address, family: "IPv4", internal, netmask: "255.255.255.0", mac: "00:00:00:00:00:00", cidr: `${address}/24` }) as NetworkInterfaceInfo;

/** A machine with these interfaces; `bindable` lists the addresses a listen() would succeed on. */
function machine(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>, bindable: string[] = ["127.0.0.1", "::1"]): BindEnvironment {
  return { interfaces: () => interfaces, canBind: async (host) => bindable.includes(host) };
}
const lanBox = machine({ lo: [nic("127.0.0.1", true)], eth0: [nic("192.168.1.20"), nic("192.168.1.20")], wlan0: [nic("10.0.0.7")] });
const tailnetBox = machine({ lo: [nic("127.0.0.1", true)], eth0: [nic("192.168.1.20")], tailscale0: [nic("100.101.102.103")] });

const local = (gateway: NonNullable<ClawdConfig["gateway"]> = {}): ClawdConfig => ({ gateway: { mode: "local", ...gateway } });

/** The error lines `promise` rejects with (a CliError, exit code 1). */
async function refusal(promise: Promise<unknown>): Promise<string[]> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(CliError.isInstance(err)).toBe(true);
  expect((err as CliError).exitCode).toBe(1);
  return (err as CliError).lines;
}

describe("planFromConfig: the mode guard", () => {
  it("refuses to start without gateway.mode=local, naming the fix for this profile and the config file", async () => {
    const lines = await refusal(planFromConfig({}, false, paths, parseGatewayFlags({}), {}, lanBox));
    expect(lines).toEqual([
      "Gateway start blocked: set gateway.mode=local (current: unset) or pass --allow-unconfigured.",
      "Fix: clawd config set gateway.mode local   (or run clawd onboard)",
      `Config: ${paths.configPath} (does not exist yet)`,
    ]);
    const work = resolvePaths("work", { HOME: home });
    const remote = await refusal(planFromConfig({ gateway: { mode: "remote" } }, true, work, parseGatewayFlags({}), {}, lanBox));
    expect(remote).toEqual([
      "Gateway start blocked: set gateway.mode=local (current: remote) or pass --allow-unconfigured.",
      "Fix: clawd --profile work config set gateway.mode local   (or run clawd --profile work onboard)",
      `Config: ${work.configPath}`,
    ]);
  });

  it("--allow-unconfigured and --dev start anyway", async () => {
    expect((await planFromConfig({}, false, paths, parseGatewayFlags({ allowUnconfigured: true }), {}, lanBox)).settings.mode).toBeUndefined();
    expect((await planFromConfig({}, false, paths, parseGatewayFlags({ dev: true }), {}, lanBox)).configExists).toBe(false);
  });
});

describe("planFromConfig: bind and auth together", () => {
  it("loopback: 127.0.0.1 and ::1 where IPv6 loopback exists, 127.0.0.1 alone where not; no auth needed", async () => {
    const plan = await planFromConfig(local(), true, paths, parseGatewayFlags({}), {}, lanBox);
    expect(plan.bind).toEqual({ mode: "loopback", hosts: ["127.0.0.1", "::1"], displayHosts: ["127.0.0.1", "::1"] });
    expect(plan.auth).toEqual({ mode: "none" });
    const noV6 = machine({ lo: [nic("127.0.0.1", true)] }, ["127.0.0.1"]);
    expect((await planFromConfig(local(), true, paths, parseGatewayFlags({}), {}, noV6)).bind.hosts).toEqual(["127.0.0.1"]);
  });

  it("lan: refused without a secret; with one, listens on 0.0.0.0 and lists each external IPv4 once", async () => {
    expect(await refusal(planFromConfig(local({ bind: "lan" }), true, paths, parseGatewayFlags({}), {}, lanBox))).toEqual([
      "Refusing to bind gateway to lan without auth.",
      "Set gateway.auth.token/password (or CLAWD_GATEWAY_TOKEN/CLAWD_GATEWAY_PASSWORD) or pass --token/--password.",
    ]);
    const plan = await planFromConfig(local({ bind: "lan" }), true, paths, parseGatewayFlags({ token: "0123" }), {}, lanBox);
    expect(plan.bind).toEqual({ mode: "lan", hosts: ["0.0.0.0"], displayHosts: ["127.0.0.1", "192.168.1.20", "10.0.0.7"] });
    expect(plan.auth).toEqual({ mode: "token", token: "0123" });
    // The environment's secret counts too (after the config's).
    const fromEnv = await planFromConfig(local({ bind: "lan" }), true, paths, parseGatewayFlags({}), { CLAWD_GATEWAY_PASSWORD: "pw" }, lanBox);
    expect(fromEnv.auth).toEqual({ mode: "password", password: "pw" });
  });

  it("tailnet: the Tailscale address only, with auth; no Tailscale address is an error that says what to do", async () => {
    const plan = await planFromConfig(local({ bind: "tailnet", auth: { token: "t" } }), true, paths, parseGatewayFlags({}), {}, tailnetBox);
    expect(plan.bind).toEqual({ mode: "tailnet", hosts: ["100.101.102.103"], displayHosts: ["100.101.102.103"] });
    expect(plan.auth).toEqual({ mode: "token", token: "t" });
    expect((await refusal(planFromConfig(local({ bind: "tailnet" }), true, paths, parseGatewayFlags({}), {}, tailnetBox)))[0]).toBe(
      "Refusing to bind gateway to tailnet without auth.",
    );
    expect(await refusal(planFromConfig(local({ bind: "tailnet", auth: { token: "t" } }), true, paths, parseGatewayFlags({}), {}, lanBox))).toEqual([
      "Cannot bind gateway to tailnet: no Tailscale address (100.64.0.0/10) on this machine.",
      "Start Tailscale (tailscale up) or use --bind loopback.",
    ]);
  });

  it("auto: all interfaces when a secret is set, loopback when not", async () => {
    expect((await planFromConfig(local({ bind: "auto", auth: { token: "t" } }), true, paths, parseGatewayFlags({}), {}, lanBox)).bind.hosts).toEqual([
      "0.0.0.0",
    ]);
    const open = await planFromConfig(local({ bind: "auto" }), true, paths, parseGatewayFlags({}), {}, lanBox);
    expect(open.bind.hosts).toEqual(["127.0.0.1", "::1"]);
    expect(open.auth).toEqual({ mode: "none" });
  });

  it("custom: the given address when this machine has it; otherwise, or without one, an error with the fix", async () => {
    const box = machine({ eth0: [nic("192.168.1.20")] }, ["127.0.0.1", "192.168.1.20"]);
    const plan = await planFromConfig(local({ auth: { password: "p" } }), true, paths, parseGatewayFlags({ host: "192.168.1.20" }), {}, box);
    expect(plan.bind).toEqual({ mode: "custom", hosts: ["192.168.1.20"], displayHosts: ["192.168.1.20"] });
    expect(await refusal(planFromConfig(local({ auth: { password: "p" } }), true, paths, parseGatewayFlags({ host: "192.168.1.99" }), {}, box))).toEqual([
      "Cannot bind gateway to 192.168.1.99: the address is not available on this machine.",
      "Pick an address of this machine (ip addr) or use --bind loopback.",
    ]);
    expect(await refusal(planFromConfig(local({ bind: "custom" }), true, paths, parseGatewayFlags({}), {}, box))).toEqual([
      "Cannot bind gateway to custom: no host given.",
      "Pass --host <ip> or run: clawd config set gateway.customBindHost <ip>",
    ]);
    // A custom loopback address is not exposed: no secret needed.
    expect((await planFromConfig(local({ bind: "custom", customBindHost: "127.0.0.1" }), true, paths, parseGatewayFlags({}), {}, box)).auth).toEqual({
      mode: "none",
    });
  });

  it("auth mode without its secret, and Tailscale's rules, refuse before anything listens", async () => {
    expect((await refusal(planFromConfig(local({ auth: { mode: "token" } }), true, paths, parseGatewayFlags({}), {}, lanBox)))[0]).toBe(
      "Gateway auth is set to token, but no token is configured.",
    );
    expect(
      (await refusal(planFromConfig(local({ bind: "lan", auth: { token: "t" } }), true, paths, parseGatewayFlags({ tailscale: "serve" }), {}, lanBox)))[0],
    ).toBe("Tailscale serve requires a loopback bind (current: lan).");
    expect((await refusal(planFromConfig(local({ auth: { token: "t" } }), true, paths, parseGatewayFlags({ tailscale: "funnel" }), {}, lanBox)))[0]).toBe(
      "Tailscale funnel requires password auth (the gateway is public on the internet).",
    );
  });

  it("flags win over the config, an absent flag never erases it", async () => {
    const config = local({ bind: "lan", port: 20000, auth: { token: "from-config" } });
    const same = await planFromConfig(config, true, paths, parseGatewayFlags({}), {}, lanBox);
    expect(same.settings).toMatchObject({ port: 20000, portSource: "gateway.port", bind: "lan", auth: { mode: "token", token: "from-config" } });
    const flagged = await planFromConfig(config, true, paths, parseGatewayFlags({ port: "19001", bind: "loopback", token: "flag" }), {}, lanBox);
    expect(flagged.settings).toMatchObject({ port: 19001, portSource: "--port", bind: "loopback", auth: { token: "flag" } });
  });
});

describe("plugins in the plan", () => {
  it("the config's plugins as written, then each --plugin made absolute from the current folder", async () => {
    const config: ClawdConfig = {
      ...local(),
      plugins: [
        { module: "./in-config.js", config: { a: 1 } },
        { module: "off.js", enabled: false },
      ],
    };
    const plan = await planFromConfig(config, true, paths, parseGatewayFlags({ plugin: ["./extra.js", "pkg-name"] }), {}, lanBox);
    expect(plan.plugins).toEqual([
      { module: "./in-config.js", config: { a: 1 } },
      { module: "off.js", enabled: false },
      { module: resolve(process.cwd(), "extra.js") },
      { module: "pkg-name" },
    ]);
  });
});

describe("planGateway: from the config file", () => {
  it("reads the file: a missing file plans with defaults, an invalid one is refused with every issue and the fix", async () => {
    const dir = mkdtempSync(join(home, "state-"));
    const filePaths = resolvePaths(undefined, { HOME: home, CLAWD_STATE_DIR: dir });
    const missing = await planGateway(filePaths, parseGatewayFlags({ dev: true }), {}, lanBox);
    expect(missing.configExists).toBe(false);
    mkdirSync(dir, { recursive: true });
    writeFileSync(filePaths.configPath, JSON.stringify({ gateway: { mode: "local", port: 0, auth: { tokne: "x" } } }));
    expect(await refusal(planGateway(filePaths, parseGatewayFlags({}), {}, lanBox))).toEqual([
      "Config invalid",
      `File: ${filePaths.configPath}`,
      "Problem:",
      "- gateway.port: must be between 1 and 65535",
      "- gateway.auth.tokne: unknown key (check the spelling)",
      "Fix: edit the file, or use clawd config set|unset <key>; then run clawd doctor.",
    ]);
    writeFileSync(filePaths.configPath, '// JSON5 is read\n{ gateway: { mode: "local", port: 19555, }, }\n');
    const plan = await planGateway(filePaths, parseGatewayFlags({}), {}, lanBox);
    expect(plan).toMatchObject({ configExists: true, settings: { port: 19555, portSource: "gateway.port" }, bind: { mode: "loopback" } });
  });
});
