// Plugins in the CLI-run gateway: foreground, --plugin, failures, dev reload, status/doctor/list.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { getFreePort } from "@clawd/test-kit/ports";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSandbox, killAllClis, runCli, type Sandbox, startCli } from "./cli-process.js";

const HELLO = fileURLToPath(new URL("../../../examples/plugin-hello/index.js", import.meta.url));
const FIXTURES = fileURLToPath(new URL("./fixtures/plugins/", import.meta.url));
const TOKEN = "plugin-test-token";
let box: Sandbox;
let configPath: string;

beforeEach(() => {
  box = createSandbox();
  mkdirSync(box.state, { recursive: true });
  configPath = join(box.state, "clawd.json");
});
afterEach(async () => {
  await killAllClis();
  box.cleanup();
});

const writeConfig = (plugins: unknown[]) => writeFileSync(configPath, JSON.stringify({ gateway: { mode: "local", auth: { token: TOKEN } }, plugins }));
const env = (port: number) => box.env({ CLAWD_GATEWAY_PORT: String(port), CLAWD_GATEWAY_TOKEN: TOKEN });

describe("clawd gateway with plugins (foreground)", () => {
  it("loads the hello example from a path relative to the config; call, status, doctor and plugins list see it", async () => {
    writeConfig([{ module: relative(dirname(configPath), HELLO), config: { greeting: "Hi" } }]);
    const port = await getFreePort();
    const gw = startCli(["gateway", "--port", String(port)], env(port));
    await gw.waitFor("transport:");
    expect(gw.stdout).toContain("✓ plugin hello 1.0.0: methods hello.greet (read); events hello.greeted");

    const call = await runCli(["gateway", "call", "hello.greet", "--params", '{"name":"Ada"}', "--json"], env(port));
    expect(call.stderr).toBe("");
    expect(JSON.parse(call.stdout)).toEqual({ text: "Hi, Ada!", count: 1 });
    const bad = await runCli(["gateway", "call", "hello.greet", "--params", '{"name":""}'], env(port));
    expect(bad.code).toBe(1);
    expect(bad.stderr.split("\n")[0]).toBe("Gateway call failed (hello.greet): invalid params for hello.greet: name: name must not be empty");

    const status = await runCli(["gateway", "status", "--json"], env(port));
    expect(JSON.parse(status.stdout).rpc.plugins).toEqual([
      { name: "hello", version: "1.0.0", module: HELLO, methods: [{ name: "hello.greet", scope: "read" }], events: ["hello.greeted"] },
    ]);
    const statusText = await runCli(["gateway", "status"], env(port));
    expect(statusText.stdout).toContain("Plugin: hello 1.0.0: methods hello.greet (read); events hello.greeted");
    // `clawd status`, the one screen: the plugin the running gateway loaded, and the dashboard URL without the secret.
    const oneScreen = await runCli(["status"], env(port));
    expect(oneScreen.code, oneScreen.stderr).toBe(0);
    expect(oneScreen.stdout).toContain("\n  Plugins:   hello 1.0.0: methods hello.greet (read); events hello.greeted\n");
    expect(oneScreen.stdout).toContain(`\n  Dashboard: http://127.0.0.1:${port}/   (clawd dashboard opens it signed in)\n`);
    expect(oneScreen.stdout).not.toContain(TOKEN);
    const oneScreenJson = await runCli(["status", "--json"], env(port));
    expect(oneScreenJson.stdout).not.toContain(TOKEN);
    expect(JSON.parse(oneScreenJson.stdout)).toMatchObject({
      dashboard: `http://127.0.0.1:${port}/`,
      plugins: {
        running: [{ name: "hello", version: "1.0.0", module: HELLO, methods: [{ name: "hello.greet", scope: "read" }], events: ["hello.greeted"] }],
        declared: [{ module: relative(dirname(configPath), HELLO), enabled: true }],
      },
    });

    const doctor = await runCli(["doctor", "--json"], env(port));
    const check = JSON.parse(doctor.stdout).checks.find((c: { name: string }) => c.name.startsWith("Plugin "));
    expect(check).toMatchObject({ status: "ok", detail: "plugin hello 1.0.0: methods hello.greet (read); events hello.greeted" });

    const list = await runCli(["plugins", "list", "--json"], env(port));
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).plugins).toEqual([
      {
        module: relative(dirname(configPath), HELLO),
        enabled: true,
        loads: true,
        name: "hello",
        version: "1.0.0",
        methods: [{ name: "hello.greet", scope: "read" }],
        events: ["hello.greeted"],
        resolved: HELLO,
      },
    ]);
    gw.child.kill("SIGTERM");
    expect((await gw.exited).code).toBe(0);
    // With the gateway down, status says what the config declares and who checks it.
    const down = await runCli(["status"], env(port));
    expect(down.stdout).toContain("\n  Plugins:   1 declared in the config, not running; clawd plugins list checks that they load\n");
    expect(JSON.parse((await runCli(["status", "--json"], env(port))).stdout).plugins).toEqual({
      running: null,
      declared: [{ module: relative(dirname(configPath), HELLO), enabled: true }],
    });
  });

  it("--plugin adds a plugin (relative to the current folder); an unhandled rejection inside it is logged with its name, the gateway keeps serving", async () => {
    writeConfig([]);
    const port = await getFreePort();
    const gw = startCli(["gateway", "--port", String(port), "--plugin", `./${relative(process.cwd(), join(FIXTURES, "leaky.mjs"))}`], env(port));
    await gw.waitFor("transport:");
    const call = await runCli(["gateway", "call", "leaky.leak", "--json"], env(port));
    expect(JSON.parse(call.stdout)).toBe("leaked");
    await gw.waitFor("unhandled rejection");
    expect(gw.stderr).toContain(`plugin leaky (${join(FIXTURES, "leaky.mjs")}): unhandled rejection: Error: left behind on purpose`);
    // A rejection from a library call (no plugin frame in its stack) is still the plugin's.
    expect(JSON.parse((await runCli(["gateway", "call", "leaky.leak-fetch", "--json"], env(port))).stdout)).toBe("fetching");
    await gw.waitFor("unhandled rejection: TypeError: fetch failed");
    expect(gw.stderr).toContain(`plugin leaky (${join(FIXTURES, "leaky.mjs")}): unhandled rejection: TypeError: fetch failed`);
    const health = await runCli(["gateway", "health"], env(port));
    expect(health.code).toBe(0);
    gw.child.kill("SIGTERM");
    expect((await gw.exited).code).toBe(0);
  });
});

describe("a plugin that does not load stops the start (never skipped silently)", () => {
  it("names plugin, module and cause, exits 1, and frees the port; plugins list and doctor say the same", async () => {
    const broken = join(FIXTURES, "broken-setup.mjs");
    writeConfig([{ module: broken }]);
    const port = await getFreePort();
    const gw = await runCli(["gateway", "--port", String(port)], env(port));
    expect(gw.code).toBe(1);
    expect(gw.stderr).toContain('Plugin "broken" failed to load: setup threw: OPENAI_BASE_URL is not set');
    expect(gw.stderr).toContain(`Module: ${broken}`);
    expect(gw.stderr).toContain(`set "enabled": false on its entry in ${configPath}`);
    const list = await runCli(["plugins", "list"], env(port));
    expect(list.code).toBe(1);
    expect(list.stdout).toBe(`✗ ${broken}: plugin "broken" does not load: setup threw: OPENAI_BASE_URL is not set\n`);
    const doctor = await runCli(["doctor", "--json"], env(port));
    expect(doctor.code).toBe(1);
    expect(JSON.parse(doctor.stdout).checks).toContainEqual(expect.objectContaining({ name: `Plugin ${broken}`, status: "fail" }));

    writeConfig([{ module: broken, enabled: false }, { module: "./missing.mjs" }]);
    const missing = await runCli(["gateway", "--port", String(port)], env(port));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`Plugin (unnamed) failed to load: module not found (from "./missing.mjs", relative to ${box.state})`);

    writeConfig([{ module: broken, enabled: false }]);
    const ok = startCli(["gateway", "--port", String(port)], env(port));
    await ok.waitFor("transport:");
    ok.child.kill("SIGTERM");
    expect((await ok.exited).code).toBe(0);
  });

  it("an invalid plugin entry or plugin config is refused with the key to fix", async () => {
    writeFileSync(configPath, JSON.stringify({ gateway: { mode: "local" }, plugins: [{ module: HELLO, enable: false }] }));
    const typo = await runCli(["gateway", "--port", String(await getFreePort())], box.env());
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("- plugins.0.enable: unknown key (check the spelling)");
    writeConfig([{ module: HELLO, config: { greeting: 42 } }]);
    const port = await getFreePort();
    const cfg = await runCli(["gateway", "--port", String(port)], env(port));
    expect(cfg.code).toBe(1);
    expect(cfg.stderr).toMatch(/Plugin "hello" failed to load: invalid config: greeting: /);
  });
});

describe("clawd gateway --dev reloads a changed plugin in place", () => {
  it("edits of the hello example swap it while clients stay connected; a broken edit keeps the last good version", async () => {
    // A private copy of the example (its node_modules linked) so the test can edit it.
    const dir = join(box.root, "plugin-hello");
    mkdirSync(dir, { recursive: true });
    symlinkSync(join(dirname(HELLO), "node_modules"), join(dir, "node_modules"), "dir");
    const file = join(dir, "index.js");
    const original = readFileSync(HELLO, "utf8");
    writeFileSync(file, original);
    const devDir = join(box.home, ".clawd-dev");
    mkdirSync(devDir, { recursive: true });
    writeFileSync(join(devDir, "clawd.json"), JSON.stringify({ gateway: { mode: "local", bind: "loopback" }, plugins: [{ module: file }] }));
    const port = await getFreePort();
    const gw = startCli(["gateway", "--dev", "--port", String(port)], box.env({ CLAWD_GATEWAY_PORT: String(port) }));
    await gw.waitFor("transport:");
    const { connectGateway } = await import("@clawd/gateway-client");
    const client = await connectGateway({ url: `ws://127.0.0.1:${port}`, reconnect: false });
    let shutdown = false;
    client.on("shutdown", () => {
      shutdown = true;
    });
    const greeted: unknown[] = [];
    client.on("hello.greeted", (payload) => greeted.push(payload));
    expect(await client.request("hello.greet", { name: "Ada" })).toEqual({ text: "Hello, Ada!", count: 1 });

    writeFileSync(file, original.replace('v.optional(v.string(), "Hello")', 'v.optional(v.string(), "Howdy")'));
    await gw.waitFor("reloaded plugin hello 1.0.0");
    expect(await client.request("hello.greet", { name: "Ada" })).toEqual({ text: "Howdy, Ada!", count: 1 });
    expect(greeted).toEqual([
      { name: "Ada", count: 1 },
      { name: "Ada", count: 1 },
    ]);

    writeFileSync(file, original.replace("setup(api) {", "setup(api) { api.method("));
    await gw.waitFor("The last good version keeps running.");
    expect(gw.stderr).toContain('Plugin "hello" failed to load: import failed:');
    expect(await client.request("hello.greet", { name: "Bo" })).toEqual({ text: "Howdy, Bo!", count: 2 });
    expect(shutdown).toBe(false);
    await client.close();
    gw.child.kill("SIGTERM");
    expect((await gw.exited).code).toBe(0);
  });
});
