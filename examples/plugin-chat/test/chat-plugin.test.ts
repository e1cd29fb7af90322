// examples/plugin-chat in a real gateway, with real clients, against a local fake
// OpenAI-compatible endpoint that streams tokens (and fails like a real one).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { connectGateway, type GatewayClient } from "@clawd/gateway-client";
import { loadPlugins, PluginLoadError, type PluginHost } from "@clawd/gateway-plugin/host";
import { type GatewayServer, startGatewayServer } from "@clawd/gateway-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "./fake-openai.js";

const PLUGIN = fileURLToPath(new URL("../index.js", import.meta.url));
const KEY = "sk-test-not-a-real-key";
const silent = { debug() {}, info() {}, warn() {}, error() {} };
let server: GatewayServer;
let host: PluginHost | undefined;
let fake: FakeOpenAI;
let stateRoot: string;
let client: GatewayClient;
type Frame = { event: string; payload: Record<string, unknown> };
let frames: Frame[];

const start = async (config: Record<string, unknown> = {}) => {
  host = await loadPlugins(
    [{ module: PLUGIN, config: { baseUrl: fake.baseUrl, model: "fake-1", apiKeyEnv: "CHAT_TEST_KEY", deltaIntervalMs: 0, ...config } }],
    server,
    {
      baseDir: stateRoot,
      stateRoot,
      logger: silent,
    },
  );
  client = await connectGateway({ url: server.urls[0]! });
  client.on("*", (payload, frame) => {
    if (frame.event === "chat" || frame.event === "agent") frames.push({ event: frame.event, payload: payload as Record<string, unknown> });
  });
};
const chatStates = (runId: string) => frames.filter((f) => f.event === "chat" && f.payload.runId === runId).map((f) => f.payload.state);
const finalOf = (runId: string) => frames.find((f) => f.event === "chat" && f.payload.runId === runId && f.payload.state !== "delta")?.payload;

beforeEach(async () => {
  frames = [];
  process.env.CHAT_TEST_KEY = KEY;
  stateRoot = mkdtempSync(join(tmpdir(), "clawd-chat-test-"));
  fake = await startFakeOpenAI({ apiKey: KEY });
  server = await startGatewayServer({ port: 0, ipv6Alias: false, closeGraceMs: 100 });
});
afterEach(async () => {
  await client?.close();
  await host?.stop();
  host = undefined;
  await server.close();
  await fake.close();
  rmSync(stateRoot, { recursive: true, force: true });
});

describe("plugin-chat: the original's chat surface", () => {
  it("chat.send streams the model's tokens as agent + chat events, then final; history and sessions.list see it", async () => {
    await start({ systemPrompt: "Be brief." });
    expect(client.hello.features?.methods).toEqual(expect.arrayContaining(["sessions.list", "chat.send", "chat.history", "chat.abort"]));
    expect(client.hello.features?.events).toEqual(expect.arrayContaining(["chat", "agent"]));
    const ack = await client.request("chat.send", { sessionKey: "main", message: "Hi there", deliver: false, idempotencyKey: "run-1" });
    expect(ack).toEqual({ runId: "run-1", status: "started" });
    await expect.poll(() => finalOf("run-1")?.state).toBe("final");
    const deltas = frames
      .filter((f) => f.event === "chat" && f.payload.state === "delta")
      .map((f) => (f.payload.message as { content: Array<{ text: string }> }).content[0]!.text);
    expect(deltas).toEqual(["Hello", "Hello from", "Hello from the", "Hello from the fake", "Hello from the fake model."]);
    const agentStreams = frames
      .filter((f) => f.event === "agent")
      .map((f) => `${f.payload.stream}:${(f.payload.data as { phase?: string; delta?: string }).phase ?? (f.payload.data as { delta: string }).delta}`);
    expect(agentStreams).toEqual([
      "lifecycle:start",
      "assistant:Hello",
      "assistant: from",
      "assistant: the",
      "assistant: fake",
      "assistant: model.",
      "lifecycle:end",
    ]);
    expect(finalOf("run-1")).toMatchObject({
      sessionKey: "main",
      message: { role: "assistant", content: [{ type: "text", text: "Hello from the fake model." }], usage: { totalTokens: 17 } },
    });
    expect(fake.requests[0]).toEqual({
      authorization: `Bearer ${KEY}`,
      body: expect.objectContaining({
        model: "fake-1",
        stream: true,
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Hi there" },
        ],
      }),
    });

    const history = await client.request<{ messages: Array<{ role: string }>; sessionId: string }>("chat.history", { sessionKey: "main", limit: 200 });
    expect(history.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    const transcript = readFileSync(join(stateRoot, "chat", `${history.sessionId}.jsonl`), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(transcript.map((l) => l.type)).toEqual(["session", "message", "message"]);
    const list = await client.request<{ count: number; sessions: Array<{ key: string; sessionId: string }> }>("sessions.list", {});
    expect(list).toMatchObject({ count: 1, sessions: [{ key: "main", sessionId: history.sessionId, model: "fake-1" }] });

    fake.next({ tokens: ["Again."] });
    await client.request("chat.send", { sessionKey: "main", message: "Once more", idempotencyKey: "run-2" });
    await expect.poll(() => finalOf("run-2")?.state).toBe("final");
    expect(fake.requests[1]!.body.messages.map((m) => `${m.role}:${m.content}`)).toEqual([
      "system:Be brief.",
      "user:Hi there",
      "assistant:Hello from the fake model.",
      "user:Once more",
    ]);
    // The same idempotencyKey again is answered from the finished run, without a new completion.
    expect(await client.request("chat.send", { sessionKey: "main", message: "Once more", idempotencyKey: "run-2" })).toEqual({ runId: "run-2", status: "ok" });
    expect(fake.requests).toHaveLength(2);
  });

  it.each([
    [
      { status: 500, errorMessage: "The server had an error while processing your request." },
      "model endpoint answered HTTP 500: The server had an error while processing your request.",
    ],
    [{ breakAfter: 2 }, /^model stream (broke off|ended before \[DONE\])/],
  ])("a failing endpoint (%j) ends the run with a chat error event that says why", async (reply, message) => {
    await start();
    fake.next(reply);
    await client.request("chat.send", { sessionKey: "s", message: "hi", idempotencyKey: "bad" });
    await expect.poll(() => finalOf("bad")?.state).toBe("error");
    expect(finalOf("bad")!.errorMessage).toEqual(typeof message === "string" ? message : expect.stringMatching(message));
    expect(frames.filter((f) => f.event === "agent").at(-1)!.payload.data).toMatchObject({ phase: "error" });
  });

  it("a wrong API key and an unreachable endpoint are reported, the key never", async () => {
    await start({ apiKey: "sk-wrong" });
    await client.request("chat.send", { sessionKey: "s", message: "hi", idempotencyKey: "k1" });
    await expect.poll(() => finalOf("k1")?.errorMessage).toBe("model endpoint answered HTTP 401: Incorrect API key provided.");
    await host!.stop();
    await client.close();
    host = undefined;
    await fake.close();
    await start({ baseUrl: fake.baseUrl });
    await client.request("chat.send", { sessionKey: "s", message: "hi", idempotencyKey: "k2" });
    await expect.poll(() => finalOf("k2")?.errorMessage).toMatch(new RegExp(`^cannot reach the model endpoint ${fake.baseUrl}/chat/completions: `));
    expect(JSON.stringify(frames)).not.toContain("sk-wrong");
    fake = await startFakeOpenAI({ apiKey: KEY }); // afterEach closes it
  });

  it("chat.abort and /stop stop a streaming run: aborted event, no final, nothing saved", async () => {
    await start();
    fake.next({ tokens: Array.from({ length: 50 }, (_, i) => `t${i} `), tokenDelayMs: 40 });
    await client.request("chat.send", { sessionKey: "main", message: "long one", idempotencyKey: "long" });
    await expect.poll(() => chatStates("long").includes("delta")).toBe(true);
    await expect(client.request("chat.abort", { sessionKey: "other", runId: "long" })).rejects.toMatchObject({
      code: "INVALID_REQUEST",
      message: "runId does not match sessionKey",
    });
    expect(await client.request("chat.abort", { sessionKey: "main", runId: "long" })).toEqual({ ok: true, aborted: true, runIds: ["long"] });
    await expect.poll(() => finalOf("long")).toMatchObject({ state: "aborted", stopReason: "rpc" });
    const history = await client.request<{ messages: Array<{ role: string }> }>("chat.history", { sessionKey: "main" });
    expect(history.messages.map((m) => m.role)).toEqual(["user"]);

    fake.next({ tokens: Array.from({ length: 50 }, () => "x"), tokenDelayMs: 40 });
    await client.request("chat.send", { sessionKey: "main", message: "again", idempotencyKey: "long2" });
    await expect.poll(() => chatStates("long2").includes("delta")).toBe(true);
    expect(await client.request("chat.send", { sessionKey: "main", message: "/stop", idempotencyKey: "stop-1" })).toEqual({
      ok: true,
      aborted: true,
      runIds: ["long2"],
    });
    await expect.poll(() => finalOf("long2")).toMatchObject({ state: "aborted", stopReason: "stop" });
    expect(chatStates("long2")).not.toContain("final");
  });

  it("bad params answer INVALID_REQUEST naming each field; a bad config stops the load", async () => {
    await start();
    await expect(client.request("chat.send", { sessionKey: "", message: "hi" })).rejects.toMatchObject({
      code: "INVALID_REQUEST",
      message: expect.stringMatching(/^invalid params for chat\.send: sessionKey: must not be empty; idempotencyKey: /),
    });
    await expect(client.request("chat.history", { sessionKey: "x", limit: 5000 })).rejects.toMatchObject({
      message: "invalid params for chat.history: limit: must be at most 1000",
    });
    const error = await loadPlugins([{ module: PLUGIN, config: { baseUrl: "localhost:11434/v1", model: "m" } }], server, {
      baseDir: stateRoot,
      stateRoot,
      logger: silent,
    }).catch((e: unknown) => e);
    expect(PluginLoadError.isInstance(error)).toBe(true);
    expect((error as PluginLoadError).reason).toBe("invalid config: baseUrl: must be an http(s) URL such as http://127.0.0.1:11434/v1");
    expect(readdirSync(stateRoot)).toContain("chat");
  });
});
