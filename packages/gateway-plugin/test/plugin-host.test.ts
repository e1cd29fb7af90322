// The plugin host against a real gateway (both transports' default: auto) and real clients.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { connectGateway, type GatewayClient, typedRequest } from "@clawd/gateway-client";
import { deviceSigner, generateDeviceIdentity } from "@clawd/gateway-client/device";
import { type GatewayServer, startGatewayServer } from "@clawd/gateway-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type helloPlugin from "../../../examples/plugin-hello/index.js";
import { loadPlugins, type PluginEntry, PluginLoadError, type PluginHost } from "../src/host.js";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
const HELLO = "../../../../examples/plugin-hello/index.js"; // relative to fixtures/, like a config file's folder
const lines: string[] = [];
const logger = {
  debug: (m: string) => lines.push(`debug ${m}`),
  info: (m: string) => lines.push(`info ${m}`),
  warn: (m: string) => lines.push(`warn ${m}`),
  error: (m: string) => lines.push(`error ${m}`),
};
let server: GatewayServer;
let host: PluginHost | undefined;
let stateRoot: string;
const clients: GatewayClient[] = [];

beforeEach(async () => {
  lines.length = 0;
  stateRoot = mkdtempSync(join(tmpdir(), "clawd-plugin-test-"));
  server = await startGatewayServer({ port: 0, ipv6Alias: false, closeGraceMs: 100, logger });
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await host?.stop();
  host = undefined;
  await server.close();
  rmSync(stateRoot, { recursive: true, force: true });
});

const load = async (entries: PluginEntry[], stopTimeoutMs?: number) => {
  host = await loadPlugins(entries, server, { baseDir: fixtures, stateRoot, logger, ...(stopTimeoutMs ? { stopTimeoutMs } : {}) });
  return host;
};
const connect = async (scopes?: string[]) => {
  const client = await connectGateway({ url: server.urls[0]!, ...(scopes ? { scopes } : {}) });
  clients.push(client);
  return client;
};
const loadError = async (entries: PluginEntry[]): Promise<PluginLoadError> => {
  const error = await load(entries).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(PluginLoadError.isInstance(error)).toBe(true);
  return error as PluginLoadError;
};

describe("loading plugins into a running gateway", () => {
  it("serves the hello example's method and event, advertised in hello-ok.features, with its config", async () => {
    const loaded = await load([{ module: HELLO, config: { greeting: "Hi" } }]);
    expect(loaded.list()).toEqual([
      {
        name: "hello",
        version: "1.0.0",
        module: expect.stringMatching(/examples\/plugin-hello\/index\.js$/),
        methods: [{ name: "hello.greet", scope: "read" }],
        events: ["hello.greeted"],
      },
    ]);
    const client = await connect();
    expect(client.hello.features?.methods).toContain("hello.greet");
    expect(client.hello.features?.methods).toContain("plugins.list");
    expect(client.hello.features?.events).toContain("hello.greeted");
    const events: unknown[] = [];
    client.on("hello.greeted", (payload) => events.push(payload));
    const typed = typedRequest<typeof helloPlugin>(client);
    const result = await typed.request("hello.greet", { name: "Ada" });
    expect(result.text).toBe("Hi, Ada!");
    // Typed from the plugin's definition (checked by `tsc --noEmit`, the package's typecheck):
    // @ts-expect-error name must be a string
    expect(() => typed.request("hello.greet", { name: 1 })).toBeTypeOf("function");
    // @ts-expect-error not a method of the plugin
    expect(() => typed.request("hello.nope", { name: "x" })).toBeTypeOf("function");
    const count: number = result.count;
    expect(count).toBe(1);
    await expect.poll(() => events).toEqual([{ name: "Ada", count: 1 }]);
    expect(await client.request("plugins.list")).toEqual(loaded.list());
    expect(statSync(join(stateRoot, "hello")).isDirectory()).toBe(true);
  });

  it("validates params before the handler: INVALID_REQUEST names each bad field", async () => {
    await load([{ module: HELLO }]);
    const client = await connect();
    await expect(client.request("hello.greet", { name: 42 })).rejects.toMatchObject({
      code: "INVALID_REQUEST",
      message: expect.stringMatching(/^invalid params for hello\.greet: name: /),
    });
    await expect(client.request("hello.greet", { name: "" })).rejects.toMatchObject({
      message: "invalid params for hello.greet: name: name must not be empty",
    });
    expect(await client.request("hello.greet", { name: "Bo" })).toEqual({ text: "Hello, Bo!", count: 1 }); // the default greeting
  });

  it("api.call reaches another plugin's method in-process, with the caller's scopes", async () => {
    await load([{ module: HELLO }, { module: "./calls-hello.mjs" }]);
    const admin = await connect();
    expect(await admin.request("relay.greet-twice", { name: "Cy" })).toEqual([
      { text: "Hello, Cy!", count: 1 },
      { text: "Hello, Cy!", count: 2 },
    ]);
    expect(await admin.request("relay.via-admin")).toBe("secret");
    const reader = await connect(["operator.read"]);
    await expect(reader.request("relay.via-admin")).rejects.toMatchObject({ code: "INVALID_REQUEST", message: "missing scope: operator.admin" });
    await expect(reader.request("relay.admin-only")).rejects.toMatchObject({ message: "missing scope: operator.admin" });
  });

  it("api.call from work a request started keeps the caller's scopes; from setup it is the plugin's own (admin)", async () => {
    await load([{ module: "./timers.mjs" }]);
    const reader = await connect(["operator.read"]);
    expect(await reader.request("timers.from-setup")).toBe("setup: admin-only");
    expect(await reader.request("timers.defer")).toBe("deferred");
    await expect.poll(() => reader.request("timers.results")).toEqual(["request: missing scope: operator.admin"]);
  });

  it("maps handler errors to error frames: api.fail keeps its code, anything else is UNAVAILABLE", async () => {
    await load([{ module: "./calls-hello.mjs" }]);
    const client = await connect();
    await expect(client.request("relay.boom")).rejects.toMatchObject({ code: "UNAVAILABLE", message: "kaboom" });
    await expect(client.request("relay.denied")).rejects.toMatchObject({ code: "NOT_LINKED", message: "link a device first", details: { hint: "pair" } });
  });

  it("node-scoped methods answer only role node clients", async () => {
    await load([{ module: "./calls-hello.mjs" }]);
    const operator = await connect();
    await expect(operator.request("relay.ping")).rejects.toMatchObject({ message: "unauthorized role: operator" });
    const ws = new WebSocket(server.urls[0]!);
    const frames: Array<Record<string, unknown>> = [];
    ws.on("message", (d: Buffer) => frames.push(JSON.parse(d.toString()) as Record<string, unknown>));
    await new Promise((r) => ws.once("open", r));
    const send = (id: string, method: string, params: unknown) => ws.send(JSON.stringify({ type: "req", id, method, params }));
    send("c", "connect", {
      minProtocol: 3,
      maxProtocol: 3,
      client: { id: "node-host", version: "1", platform: "linux", mode: "node" },
      role: "node",
      scopes: [],
    });
    await expect.poll(() => frames.find((f) => f.id === "c")).toMatchObject({ ok: true });
    send("p", "relay.ping", {});
    send("h", "health", {});
    await expect.poll(() => frames.find((f) => f.id === "p")).toMatchObject({ ok: true, payload: { pong: true, role: "node" } });
    await expect.poll(() => frames.find((f) => f.id === "h")).toMatchObject({ ok: false, error: { message: "unauthorized role: node" } });
    ws.close();
  });

  it("claimed names are registered exactly as written, the rest keep the prefix", async () => {
    const loaded = await load([{ module: "./claims.mjs" }]);
    expect(loaded.list()[0]).toMatchObject({ methods: [{ name: "sessions.list" }, { name: "compat.own" }], events: ["chat"] });
    const client = await connect();
    const chats: unknown[] = [];
    client.on("chat", (p) => chats.push(p));
    expect(await client.request("sessions.list")).toEqual({ sessions: [] });
    expect(await client.request("compat.own")).toBe("prefixed");
    await expect.poll(() => chats).toEqual([{ state: "final" }]);
  });

  it("stop awaits onStop hooks and unregisters the methods", async () => {
    const g = globalThis as { __relayStopped?: number };
    const before = g.__relayStopped ?? 0;
    const loaded = await load([{ module: "./calls-hello.mjs" }]);
    await loaded.stop();
    host = undefined;
    expect(g.__relayStopped).toBe(before + 1);
    expect(server.methodNames().filter((m) => m.startsWith("relay.") || m === "plugins.list")).toEqual([]);
  });

  it("a stuck onStop hook is abandoned after the stop timeout, with a warning", async () => {
    const loaded = await load([{ module: "./slow-stop.mjs" }], 50);
    await loaded.stop();
    host = undefined;
    expect(lines).toContain("warn [plugin slow] onStop did not finish within 50ms; continuing without it");
  });
});

describe("load failures stop the start, naming plugin, module and cause", () => {
  it("a setup that throws (its onStop hooks run, nothing stays registered)", async () => {
    const error = await loadError([{ module: HELLO }, { module: "./setup-throws.mjs" }]);
    expect(error.code).toBe("SETUP_FAILED");
    expect(error.message).toBe(`plugin "broken" (${join(fixtures, "setup-throws.mjs")}): setup threw: no API key configured`);
    expect((globalThis as { __brokenCleaned?: boolean }).__brokenCleaned).toBe(true);
    expect(server.methodNames()).not.toContain("hello.greet");
  });

  it("a missing module, a module that is no plugin, an invalid config", async () => {
    expect((await loadError([{ module: "./nope.mjs" }])).message).toBe(
      `plugin (unnamed) (${join(fixtures, "nope.mjs")}): module not found (from "./nope.mjs", relative to ${fixtures})`,
    );
    expect((await loadError([{ module: "no-such-plugin-pkg" }])).code).toBe("MODULE_NOT_FOUND");
    expect((await loadError([{ module: "./not-a-plugin.mjs" }])).reason).toMatch(/^name must be lower-case/);
    const config = await loadError([{ module: HELLO, config: { greeting: 5 } }]);
    expect(config.code).toBe("INVALID_CONFIG");
    expect(config.reason).toMatch(/^invalid config: greeting: /);
  });

  it("a clash with a built-in or another plugin names both", async () => {
    expect((await loadError([{ module: "./clash-builtin.mjs" }])).reason).toBe('method "logs.tail" clashes with the built-in method "logs.tail"');
    const twin = await loadError([{ module: HELLO }, { module: HELLO }]);
    expect(twin.code).toBe("NAME_CLASH");
    expect(twin.reason).toMatch(/^plugin name "hello" is already used by .*examples\/plugin-hello\/index\.js$/);
  });

  it("enabled: false skips an entry on purpose, even a broken one", async () => {
    const loaded = await load([{ module: "./setup-throws.mjs", enabled: false }, { module: HELLO }]);
    expect(loaded.list().map((p) => p.name)).toEqual(["hello"]);
  });
});

describe("reload (dev mode)", () => {
  it("swaps a plugin in place; a broken edit keeps the last good version", async () => {
    const dir = mkdtempSync(join(stateRoot, "src-"));
    const file = join(dir, "p.mjs");
    const write = (body: string) => writeFileSync(file, body);
    write(`export default { name: "swap", setup(api) { api.method("v", { scope: "read", handler: () => 1 }); } };`);
    const loaded = await load([{ module: file }]);
    const client = await connect();
    expect(await client.request("swap.v")).toBe(1);
    write(
      `export default { name: "swap", setup(api) { api.method("v", { scope: "read", handler: () => 2 }); api.method("w", { scope: "read", handler: () => "new" }); } };`,
    );
    expect(await loaded.reload(file)).toMatchObject({ ok: true, plugin: { methods: [{ name: "swap.v" }, { name: "swap.w" }] } });
    expect(await client.request("swap.v")).toBe(2);
    expect(await client.request("swap.w")).toBe("new");
    write(`export default { name: "swap", setup(api) { throw new Error("half-typed edit"); } };`);
    const failed = await loaded.reload(file);
    expect(failed.ok ? "" : failed.error.reason).toBe("setup threw: half-typed edit");
    write(`export default { name: "swap", setup(api) { api.method("v", { scope: "read", handler: () => 3 `);
    expect((await loaded.reload(file)).ok).toBe(false);
    expect(await client.request("swap.v")).toBe(2);
    expect(readFileSync(file, "utf8")).toContain("=> 3");
  });
});

describe("node events reach plugins", () => {
  /** A real node connection (our client with a fresh device identity; local, so paired without asking). */
  const connectNode = async () => {
    const node = await connectGateway({
      url: server.urls[0]!,
      role: "node",
      mode: "node",
      clientName: "node-host",
      device: deviceSigner(generateDeviceIdentity()),
      commands: ["system.run"],
    });
    clients.push(node);
    return node;
  };

  it("api.onNodeEvent hears every node event with its payload parsed; exec events are already in the session's queue, which api.systemEvents drains", async () => {
    await load([{ module: "./node-watch.mjs" }]);
    const node = await connectNode();
    const operator = await connect(["operator.write"]);
    const transcript = { text: "what's on my calendar?", sessionKey: "agent:main:main" };
    expect(await node.request("node.event", { event: "voice.transcript", payloadJSON: JSON.stringify(transcript) })).toEqual({ ok: true });
    expect(
      await node.request("node.event", {
        event: "exec.finished",
        payloadJSON: JSON.stringify({ sessionKey: "agent:main:main", runId: "r9", exitCode: 2, output: "boom" }),
      }),
    ).toEqual({ ok: true });
    const seen = (await operator.request("nodewatch.seen")) as Array<{ nodeId: string; event: string; payload: unknown }>;
    expect(seen.map((e) => [e.event, e.payload])).toEqual([
      ["voice.transcript", transcript],
      ["exec.finished", { sessionKey: "agent:main:main", runId: "r9", exitCode: 2, output: "boom" }],
    ]);
    const id = seen[0]!.nodeId;
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    // The agent's turn takes the queued lines (the exec event's, and one the plugin queued itself); a second turn finds none.
    expect(await operator.request("nodewatch.note", { sessionKey: "agent:main:main", text: "Reminder: standup" })).toBe(true);
    expect(await operator.request("nodewatch.turn", { sessionKey: "agent:main:main" })).toEqual([
      `Exec finished (node=${id} id=r9, code 2)\nboom`,
      "Reminder: standup",
    ]);
    expect(await operator.request("nodewatch.turn", { sessionKey: "agent:main:main" })).toEqual([]);
  });

  it("a listener that throws or rejects is logged under the plugin's name; the node still gets ok and later events still arrive", async () => {
    await load([{ module: "./node-watch.mjs" }]);
    const node = await connectNode();
    expect(await node.request("node.event", { event: "explode", payloadJSON: null })).toEqual({ ok: true });
    expect(await node.request("node.event", { event: "explode.later" })).toEqual({ ok: true });
    expect(await node.request("node.event", { event: "after" })).toEqual({ ok: true });
    await expect
      .poll(() => lines.filter((l) => l.startsWith("error [plugin nodewatch]")))
      .toEqual([
        "error [plugin nodewatch] onNodeEvent (explode) failed: listener exploded",
        "error [plugin nodewatch] onNodeEvent (explode.later) failed: listener rejected",
      ]);
    const operator = await connect(["operator.read"]);
    expect(((await operator.request("nodewatch.seen")) as Array<{ event: string }>).map((e) => e.event)).toEqual(["explode", "explode.later", "after"]);
  });

  it("api.nodeSendToSession reaches the nodes that sent chat.subscribe for the session", async () => {
    await load([{ module: "./node-watch.mjs" }]);
    const node = await connectNode();
    const chats: unknown[] = [];
    node.on("chat", (payload) => chats.push(payload));
    const operator = await connect(["operator.write"]);
    expect(await operator.request("nodewatch.reply", { sessionKey: "agent:main:main", text: "before" })).toBe(0);
    await node.request("node.event", { event: "chat.subscribe", payloadJSON: JSON.stringify({ sessionKey: "agent:main:main" }) });
    expect(await operator.request("nodewatch.reply", { sessionKey: "agent:main:main", text: "Lights are on." })).toBe(1);
    await expect.poll(() => chats).toEqual([{ sessionKey: "agent:main:main", state: "final", message: "Lights are on." }]);
  });

  it("a stopped plugin hears no more node events", async () => {
    const loaded = await load([{ module: "./node-watch.mjs" }]);
    const node = await connectNode();
    const heard: string[] = [];
    server.onNodeEvent((e) => heard.push(e.event));
    await loaded.stop();
    host = undefined;
    await node.request("node.event", { event: "voice.transcript", payloadJSON: "{}" });
    expect(heard).toEqual(["voice.transcript"]);
    expect(lines.filter((l) => l.includes("heard"))).toEqual([]);
    // Loading it again starts from nothing: the old listener is gone, the new one hears only what comes after.
    await load([{ module: "./node-watch.mjs" }]);
    await node.request("node.event", { event: "agent.request", payloadJSON: JSON.stringify({ message: "hi" }) });
    const operator = await connect(["operator.read"]);
    expect(((await operator.request("nodewatch.seen")) as Array<{ event: string }>).map((e) => e.event)).toEqual(["agent.request"]);
    expect(lines.filter((l) => l.includes("heard"))).toEqual(["info [plugin nodewatch] heard agent.request"]);
  });
});
