import { type AddressInfo, createServer, type Socket } from "node:net";
import { join } from "node:path";
import { getFreePort } from "@clawd/test-kit/ports";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliProcess, killAllClis, runCli, type Sandbox } from "./cli-process.js";
import { startSandboxGateway } from "./sandbox-gateway.js";

let box: Sandbox;
let gw: CliProcess;
let port: number;
const TOKEN = "rpc-test-token";

beforeAll(async () => {
  ({ box, gw, port } = await startSandboxGateway({ gateway: { mode: "local", auth: { token: TOKEN } } }));
});
afterAll(async () => {
  gw.child.kill("SIGTERM");
  await gw.exited;
  await killAllClis();
  box.cleanup();
});

const env = () => box.env({ CLAWD_GATEWAY_PORT: String(port) });

describe("RPC commands against a running gateway", () => {
  it("health prints the three ✓ lines", async () => {
    const r = await runCli(["gateway", "health"], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("✓ Gateway is healthy\n✓ WebSocket connection: OK\n✓ RPC methods: available\n");
  });

  it("--port on an RPC command dials ws://127.0.0.1:<port>; --port with --url is a usage error", async () => {
    const r = await runCli(["gateway", "health", "--port", String(port)], box.env());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("✓ Gateway is healthy");
    const both = await runCli(["gateway", "health", "--port", String(port), "--url", `ws://127.0.0.1:${port}`], box.env());
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("Use --url or --port, not both");
    const bad = await runCli(["gateway", "health", "--port", "70000"], box.env());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Invalid --port "70000"');
  });

  it("clawd status: one screen (gateway version and transport, queued system events, port and its source, bind/auth, paths, dashboard URL), never the token; --json the same", async () => {
    const r = await runCli(["status"], env());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^  Gateway: +✓ ws://127\\.0\\.0\\.1:${port} in \\d+ms — version \\S+, transport (uws|ws), \\d+ connection\\(s\\)$`, "m"),
    );
    expect(r.stdout).toContain(`Port:      ${port} (CLAWD_GATEWAY_PORT)   Bind: loopback   Auth: token   Mode: local`);
    expect(r.stdout).toContain(`Config:    ${join(box.state, "clawd.json")}`);
    expect(r.stdout).toContain(`\n  Dashboard: http://127.0.0.1:${port}/   (clawd dashboard opens it signed in)\n`);
    expect(r.stdout).not.toContain("Plugins:"); // this gateway has none
    expect(r.stdout).not.toContain(TOKEN);
    expect(r.stdout).not.toContain("#token");
    expect(r.stdout).toContain("  Events:    none queued\n");
    // A queued system event (here from wake) shows with its session.
    expect((await runCli(["gateway", "call", "wake", "--params", '{"mode":"next-heartbeat","text":"Check the backups"}'], env())).code).toBe(0);
    expect((await runCli(["status"], env())).stdout).toContain("  Events:    1 queued (agent:main:main 1)\n");
    const jsonText = (await runCli(["status", "--json"], env())).stdout;
    const json = JSON.parse(jsonText);
    expect(json.gateway.systemEvents).toEqual({ "agent:main:main": 1 });
    expect(json).toMatchObject({
      gateway: { ok: true, url: `ws://127.0.0.1:${port}` },
      port: { value: port, source: "CLAWD_GATEWAY_PORT" },
      bind: "loopback",
      auth: "token",
      dashboard: `http://127.0.0.1:${port}/`,
      plugins: { running: [], declared: [] },
    });
    expect(jsonText).not.toContain(TOKEN);
    expect(["uws", "ws"]).toContain(json.gateway.transport);
    // A --url that carries secrets (userinfo, ?token=): the probe still works, no secret is printed.
    const withSecrets = await runCli(["status", "--url", `ws://me:${TOKEN}@127.0.0.1:${port}/?token=${TOKEN}`], box.env());
    expect(withSecrets.code, withSecrets.stderr).toBe(0);
    expect(withSecrets.stdout).toContain(`Dashboard: http://127.0.0.1:${port}/ `);
    expect(withSecrets.stdout + withSecrets.stderr).not.toContain(TOKEN);
    const down = await runCli(["status", "--port", String(await getFreePort())], box.env());
    expect(down.code).toBe(0);
    expect(down.stdout).toMatch(/Gateway: +✗ ws:\/\/127\.0\.0\.1:\d+: .*connection refused/);
  });

  it("health --json prints the payload as JSON", async () => {
    const r = await runCli(["gateway", "health", "--json"], env());
    expect(r.code).toBe(0);
    expect(typeof JSON.parse(r.stdout)).toBe("object");
  });

  it("call <method> --params prints the result; the subcommand owns --token (a wrong one fails)", async () => {
    const ok = await runCli(["gateway", "call", "status", "--params", "{}", "--json"], env());
    expect(ok.code).toBe(0);
    expect(typeof JSON.parse(ok.stdout)).toBe("object");
    const bad = await runCli(["gateway", "call", "status", "--token", "wrong", "--timeout", "5000"], env());
    expect(bad.code).toBe(1);
    expect(bad.stderr.split("\n")[0]).toMatch(/^Gateway call failed \(status\): /);
    expect(bad.stderr).toContain(`Gateway target: ws://127.0.0.1:${port}`);
  });

  it.each([
    [["--params", "[1,2]"], "Invalid --params: must be a JSON object"],
    [["--params", "{oops"], "Invalid --params: not valid JSON"],
    [["--timeout", "abc"], 'Invalid --timeout "abc"'],
    [["--timeout", "0"], 'Invalid --timeout "0"'],
  ])("call %j is a usage error and never contacts the gateway", async (args, message) => {
    const r = await runCli(["gateway", "call", "health", ...args], box.env({ CLAWD_GATEWAY_PORT: "1" }));
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toContain(message);
  });

  it("status prints the RPC probe box; --json gives the same data", async () => {
    const r = await runCli(["gateway", "status"], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("RPC probe\n┌");
    expect(r.stdout).toContain(`│ Target: ws://127.0.0.1:${port}`);
    expect(r.stdout).toContain("│ Status: ✓ connected");
    expect(r.stdout).toMatch(/│ Latency: \d+ms/);
    const j = await runCli(["gateway", "status", "--json"], env());
    expect(JSON.parse(j.stdout).rpc).toMatchObject({ url: `ws://127.0.0.1:${port}`, ok: true });
    const skipped = await runCli(["gateway", "status", "--no-probe", "--json"], env());
    const noProbe = JSON.parse(skipped.stdout);
    expect(noProbe.rpc).toBeNull();
    expect(noProbe.service).toMatchObject({ kind: "systemd", installed: false });
    expect(noProbe.port).toBe(port);
  });

  it("probe reports each target; an unreachable --url is listed as failed", async () => {
    const deadPort = await getFreePort();
    const r = await runCli(["gateway", "probe", "--json", "--url", `ws://127.0.0.1:${deadPort}`], env());
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; targets: Array<{ url: string; ok: boolean; source: string }> };
    expect(report.ok).toBe(true);
    expect(report.targets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ url: `ws://127.0.0.1:${deadPort}`, ok: false, source: "cli --url" }),
        expect.objectContaining({ url: `ws://127.0.0.1:${port}`, ok: true, source: "local loopback, port from CLAWD_GATEWAY_PORT" }),
      ]),
    );
  });

  it("health against a port where nothing listens fails with the target details (exit 1)", async () => {
    const deadPort = await getFreePort();
    const r = await runCli(["gateway", "health", "--timeout", "3000"], box.env({ CLAWD_GATEWAY_PORT: String(deadPort) }));
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toMatch(/^Gateway health failed: /);
    expect(r.stderr).toContain("Source: local loopback");
    const probe = await runCli(["gateway", "probe", "--timeout", "2000"], box.env({ CLAWD_GATEWAY_PORT: String(deadPort) }));
    expect(probe.code).toBe(1);
    expect(probe.stdout).toContain(`✗ ws://127.0.0.1:${deadPort} (local loopback, port from CLAWD_GATEWAY_PORT)`);
  });

  it("a wait over a second for the gateway shows progress: one plain line on stderr when not a TTY (health, status)", async () => {
    // Accepts TCP and never answers the upgrade, like a wedged process: the wait lasts the timeout.
    const sockets = new Set<Socket>();
    const wedged = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => wedged.listen(0, "127.0.0.1", resolve));
    const wedgedPort = String((wedged.address() as AddressInfo).port);
    try {
      const health = await runCli(["gateway", "health", "--port", wedgedPort, "--timeout", "3000"], box.env());
      expect(health.code).toBe(1);
      expect(health.stderr.split("\n")[0]).toBe(`waiting for the gateway at ws://127.0.0.1:${wedgedPort}…`);
      expect(health.stderr).not.toContain("\r");
      const status = await runCli(["status", "--port", wedgedPort, "--timeout", "3000"], box.env());
      expect(status.stderr.split("\n")[0]).toBe(`waiting for the gateway at ws://127.0.0.1:${wedgedPort}…`);
      const json = await runCli(["status", "--json", "--port", wedgedPort, "--timeout", "3000"], box.env());
      expect(json.stderr).not.toContain("waiting for the gateway");
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => wedged.close(resolve));
    }
  });

  it("a refused connection's hint names the profile, and only the CLI words it (once)", async () => {
    const deadPort = String(await getFreePort());
    const r = await runCli(["--profile", "work", "gateway", "health", "--port", deadPort, "--timeout", "3000"], box.env());
    expect(r.code).toBe(1);
    // Node 22+'s global WebSocket hides the cause ("… or not a WebSocket endpoint"); `ws` on Node 20 names it.
    expect(r.stderr.split("\n")[0]).toMatch(
      new RegExp(
        `^Gateway health failed: could not connect to ws://127\\.0\\.0\\.1:${deadPort}: connection refused( or not a WebSocket endpoint)? — is the gateway running\\?$`,
      ),
    );
    expect(r.stderr).toContain("\nStart it with: clawd --profile work gateway\n");
    expect(r.stderr.match(/is the gateway running\?/gi)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/clawd gateway\b/);
  });
});
