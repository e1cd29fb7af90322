// plugin-chat in the gateway people run: `clawd gateway` (the built CLI, a real process) with
// the plugin in its config, driven by `clawd gateway call`, against the fake endpoint.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getFreePort } from "@clawd/test-kit/ports";
import { afterEach, beforeEach, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "./fake-openai.js";

const CLI = fileURLToPath(new URL("../../../packages/cli/dist/cli.js", import.meta.url));
const PLUGIN = fileURLToPath(new URL("../index.js", import.meta.url));
const KEY = "sk-cli-test-secret-key";
/** How long the gateway may take to print its transport line on a loaded machine. */
const START_TIMEOUT_MS = 20_000;
let root: string;
let fake: FakeOpenAI;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "clawd-chat-cli-"));
  fake = await startFakeOpenAI({ apiKey: KEY });
});
afterEach(async () => {
  await fake.close();
  rmSync(root, { recursive: true, force: true });
});

it("clawd gateway loads plugin-chat from its config; gateway call chat.send streams a reply that chat.history returns; the key is never logged", async () => {
  const state = join(root, "state");
  mkdirSync(state, { recursive: true });
  writeFileSync(
    join(state, "clawd.json"),
    JSON.stringify({
      gateway: { mode: "local" },
      plugins: [{ module: PLUGIN, config: { baseUrl: fake.baseUrl, model: "fake-1", apiKeyEnv: "CHAT_CLI_KEY" } }],
    }),
  );
  const port = await getFreePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: root,
    CLAWD_STATE_DIR: state,
    CLAWD_GATEWAY_PORT: String(port),
    CHAT_CLI_KEY: KEY,
    NO_COLOR: "1",
  };
  const gw = spawn(process.execPath, [CLI, "gateway"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  gw.stdout.on("data", (d) => (output += d));
  gw.stderr.on("data", (d) => (output += d));
  try {
    await expect.poll(() => output, { timeout: START_TIMEOUT_MS }).toContain("transport:");
    expect(output).toContain(
      "✓ plugin chat 1.0.0: methods chat.send (write), chat.history (read), chat.abort (write), sessions.list (read); events chat, agent",
    );
    const call = (method: string, params: object) =>
      spawnSync(process.execPath, [CLI, "gateway", "call", method, "--params", JSON.stringify(params), "--json"], { env, encoding: "utf8" });
    const sent = call("chat.send", { sessionKey: "cli", message: "Hi from the CLI", idempotencyKey: "cli-run-1" });
    expect(sent.stderr).toBe("");
    expect(JSON.parse(sent.stdout)).toEqual({ runId: "cli-run-1", status: "started" });
    await expect
      .poll(
        () => {
          const history = JSON.parse(call("chat.history", { sessionKey: "cli" }).stdout);
          return history.messages.map((m: { role: string; content: Array<{ text: string }> }) => `${m.role}: ${m.content[0]!.text}`);
        },
        { timeout: START_TIMEOUT_MS },
      )
      .toEqual(["user: Hi from the CLI", "assistant: Hello from the fake model."]);
    expect(fake.requests[0]!.authorization).toBe(`Bearer ${KEY}`);
  } finally {
    gw.kill("SIGTERM");
    await new Promise((r) => (gw.exitCode !== null ? r(null) : gw.once("exit", r)));
  }
  expect(gw.exitCode).toBe(0);
  const log = readFileSync(join(state, "logs", "gateway.log"), "utf8");
  expect(log).toContain("plugin chat 1.0.0");
  expect(log + output).not.toContain(KEY);
});
