// gateway.limits on a real CLI-run gateway: real process, real port, real `ws` clients (the
// gateway client), the config store and config RPC of the running gateway.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connectGateway, type GatewayClient } from "@clawd/gateway-client";
import { getFreePort } from "@clawd/test-kit/ports";
import { afterEach, describe, expect, it } from "vitest";
import { type CliProcess, runCli, type Sandbox, startCli, useSandboxPerTest } from "./cli-process.js";
import { upgradeStatus } from "@clawd/test-kit/upgrade-status";

const TOKEN = "limits-test-token";
let box: Sandbox;
useSandboxPerTest((b) => {
  box = b;
});
const clients: GatewayClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => {})));
});

const configPath = () => join(box.state, "clawd.json");
function writeConfig(config: unknown): void {
  mkdirSync(box.state, { recursive: true });
  writeFileSync(configPath(), JSON.stringify(config));
}

async function startGateway(limits: Record<string, unknown>): Promise<{ gw: CliProcess; port: number }> {
  const port = await getFreePort();
  writeConfig({ gateway: { mode: "local", port, auth: { token: TOKEN }, limits } });
  const gw = startCli(["gateway"], box.env());
  await gw.waitFor("transport:");
  return { gw, port };
}

async function connect(port: number): Promise<GatewayClient> {
  const client = await connectGateway({ url: `ws://127.0.0.1:${port}`, token: TOKEN, clientName: "cli", mode: "cli" });
  clients.push(client);
  return client;
}

// "connected", or why not with the status the upgrade got (Node 22+'s WebSocket hides it in its message).
const refusal = (port: number) =>
  connect(port).then(
    () => "connected",
    async (e: unknown) => `${String((e as Error)?.message ?? e)} (upgrade answered HTTP ${await upgradeStatus(port)})`,
  );

describe("gateway.limits on the CLI-run gateway", () => {
  it("maxConnections 3: three clients connect, the 4th socket gets 503, a freed slot is taken again", async () => {
    const { gw, port } = await startGateway({ maxConnections: 3 });
    const three = [await connect(port), await connect(port), await connect(port)];
    expect(await refusal(port)).toContain("upgrade answered HTTP 503");
    for (const c of three) expect((await c.request("health")) as object).toMatchObject({ ok: true });
    await three[0]!.close();
    // The server counts the slot free once it saw the close; poll with real connects.
    let fourth = "";
    for (let i = 0; i < 50 && fourth !== "connected"; i++) fourth = await refusal(port);
    expect(fourth).toBe("connected");
    expect(await refusal(port)).toContain("upgrade answered HTTP 503");
    expect(gw.stdout + gw.stderr).not.toContain("RLIMIT_NOFILE");
  });

  it("config.schema shows the keys with their ranges; a config.patch of a limit needs a restart, and the restarted gateway applies it", async () => {
    const { gw, port } = await startGateway({ maxConnections: 2 });
    const admin = await connect(port);
    const { schema, uiHints } = (await admin.request("config.schema")) as { schema: any; uiHints: Record<string, { help?: string; placeholder?: string }> };
    const limits = schema.properties.gateway.properties.limits;
    expect(limits.additionalProperties).toBe(false);
    expect(Object.keys(limits.properties)).toEqual([
      "maxConnections",
      "maxPendingHandshakesPerSource",
      "maxPayloadBytes",
      "maxBufferedBytes",
      "handshakeTimeoutMs",
      "maxInFlightRequests",
      "maxUpgradeHeaderBytes",
    ]);
    expect(limits.properties.maxConnections).toEqual({ type: "integer", minimum: 1, maximum: 1_000_000 });
    expect(limits.properties.maxUpgradeHeaderBytes).toEqual({ type: "integer", minimum: 1024, maximum: 65_536 });
    expect(uiHints["gateway.limits.maxConnections"]).toMatchObject({ placeholder: "8192" });
    expect(uiHints["gateway.limits.maxConnections"]?.help).toContain("needs a restart");

    await connect(port);
    expect(await refusal(port)).toContain("upgrade answered HTTP 503");

    const snap = (await admin.request("config.get")) as { hash: string };
    const bad = await admin
      .request("config.patch", { raw: JSON.stringify({ gateway: { limits: { maxConnections: 0 } } }), baseHash: snap.hash })
      .catch((e: unknown) => e as { details?: unknown; message: string });
    expect(JSON.stringify(bad)).toContain("must be an integer from 1 to 1000000");
    const result = (await admin.request("config.patch", {
      raw: JSON.stringify({ gateway: { limits: { maxConnections: 3 } } }),
      baseHash: snap.hash,
      restartDelayMs: 0,
    })) as any;
    expect(result).toMatchObject({
      ok: true,
      changed: ["gateway.limits.maxConnections"],
      restart: { required: true, keys: ["gateway.limits.maxConnections"] },
    });
    await Promise.all(clients.splice(0).map((c) => c.close().catch(() => {})));
    await gw.waitFor(/restarting in 0ms[\s\S]*listening on ws:\/\/127\.0\.0\.1[\s\S]*transport:/);
    await connect(port);
    await connect(port);
    await connect(port);
    expect(await refusal(port)).toContain("upgrade answered HTTP 503");
  });

  it("clawd config set takes a limit in range and refuses one outside with the range; a bad stored limit stops the start", async () => {
    expect((await runCli(["config", "set", "gateway.limits.maxConnections", "12000"], box.env())).code).toBe(0);
    expect(JSON.parse(readFileSync(configPath(), "utf8")).gateway.limits).toEqual({ maxConnections: 12_000 });
    const bad = await runCli(["config", "set", "gateway.limits.maxConnections", "0"], box.env());
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("gateway.limits.maxConnections: must be an integer from 1 to 1000000 (default 8192); set it in range or remove the key");
    const typo = await runCli(["config", "set", "gateway.limits.maxConection", "5"], box.env());
    expect(typo.code).not.toBe(0);
    expect(typo.stderr).toContain("gateway.limits.maxConection: unknown key; gateway.limits takes maxConnections, maxPendingHandshakesPerSource");
    expect(JSON.parse(readFileSync(configPath(), "utf8")).gateway.limits).toEqual({ maxConnections: 12_000 });

    writeConfig({ gateway: { mode: "local", port: await getFreePort(), limits: { handshakeTimeoutMs: "10s" } } });
    const start = await runCli(["gateway"], box.env());
    expect(start.code).toBe(1);
    expect(start.stderr).toContain("gateway.limits.handshakeTimeoutMs: must be an integer from 1000 to 300000");
    expect(start.stdout).not.toContain("listening on");
  });

  it("--dev reads gateway.limits from the dev config, and a limit edited there applies after the dev restart", async () => {
    const port = await getFreePort();
    const devConfig = join(box.home, ".clawd-dev", "clawd.json");
    mkdirSync(join(box.home, ".clawd-dev"), { recursive: true });
    writeFileSync(devConfig, JSON.stringify({ gateway: { mode: "local", auth: { token: TOKEN }, limits: { maxConnections: 1 } } }));
    const gw = startCli(["gateway", "--dev", "--port", String(port)], box.env());
    await gw.waitFor("transport:");
    const first = await connect(port);
    expect(await refusal(port)).toContain("upgrade answered HTTP 503");
    await first.close();
    writeFileSync(devConfig, JSON.stringify({ gateway: { mode: "local", auth: { token: TOKEN }, limits: { maxConnections: 2 } } }));
    await gw.waitFor(/transport:[\s\S]*transport:/);
    await connect(port);
    await connect(port);
    expect(await refusal(port)).toContain("upgrade answered HTTP 503");
  });

  it.runIf(process.platform === "linux")("warns in one line when maxConnections does not fit the open-files limit, and still starts", async () => {
    const port = await getFreePort();
    const gw = startCli(["gateway", "--allow-unconfigured", "--port", String(port)], box.env(), { shellPrefix: "ulimit -n 256" });
    await gw.waitFor("transport:");
    const lines = (gw.stdout + gw.stderr).split("\n").filter((l) => l.includes("RLIMIT_NOFILE"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("gateway.limits.maxConnections is 8192 but this process may open only 256 files (RLIMIT_NOFILE)");
    expect(lines[0]).toContain("run `ulimit -n 8256` in the shell that starts clawd gateway");
    expect(await refusal(port)).toBe("connected");
    gw.child.kill("SIGTERM");
    await gw.exited;

    writeConfig({ gateway: { limits: { maxConnections: 100 } } });
    const fits = startCli(["gateway", "--allow-unconfigured", "--port", String(port)], box.env(), { shellPrefix: "ulimit -n 256" });
    await fits.waitFor("transport:");
    expect(fits.stdout + fits.stderr).not.toContain("RLIMIT_NOFILE");
  });
});
