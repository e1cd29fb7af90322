// The ORIGINAL Control UI's Chat page (the real built UI from the original package, in real
// chromium) chats through our gateway with examples/plugin-chat loaded: it loads the history,
// sends a message, shows the reply while it streams, and shows the final reply.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPlugins, type PluginHost } from "@clawd/gateway-plugin/host";
import { type GatewayServer, startGatewayServer } from "@clawd/gateway-server";
import { chromiumPath, launchBrowser } from "@clawd/test-kit/browser";
import { loadOriginal } from "@clawd/test-kit/original";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { serveControlUi } from "./control-ui-server.js";
import { type FakeOpenAI, startFakeOpenAI } from "./fake-openai.js";

/** The client id the original's Control UI connects with. */
const CONTROL_UI_CLIENT_ID = "clawdbot-control-ui";
/** How long the page may take to show a line on a loaded 2-core machine. */
const UI_TIMEOUT_MS = 30_000;

/** Whether this gateway accepts the Control UI's connect (main refuses its client.id until w11-compat lands). */
async function gatewayAcceptsControlUi(): Promise<boolean> {
  const server = await startGatewayServer({ port: 0, ipv6Alias: false });
  try {
    const ws = new WebSocket(server.urls[0]!);
    const reply = await new Promise<{ ok: boolean }>((resolve, reject) => {
      ws.on("open", () =>
        ws.send(
          JSON.stringify({
            type: "req",
            id: "c",
            method: "connect",
            params: {
              minProtocol: 3,
              maxProtocol: 3,
              client: { id: CONTROL_UI_CLIENT_ID, version: "dev", platform: "linux", mode: "webchat" },
              role: "operator",
              scopes: ["operator.admin"],
            },
          }),
        ),
      );
      ws.on("message", (d: Buffer) => {
        const frame = JSON.parse(d.toString());
        if (frame.type === "res") resolve(frame);
      });
      ws.on("error", reject);
    });
    ws.close();
    return reply.ok;
  } finally {
    await server.close();
  }
}

const skip = !chromiumPath()
  ? "no chromium (apt-get install chromium)"
  : !(await gatewayAcceptsControlUi())
    ? `the gateway refuses client.id "${CONTROL_UI_CLIENT_ID}" (accepted once w11-compat is merged)`
    : undefined;

describe.skipIf(skip !== undefined)(`the original Control UI chats through plugin-chat${skip ? ` (skipped: ${skip})` : ""}`, () => {
  let server: GatewayServer;
  let host: PluginHost;
  let fake: FakeOpenAI;
  let ui: Awaited<ReturnType<typeof serveControlUi>>;
  let stateRoot: string;

  beforeAll(async () => {
    const original = loadOriginal();
    ui = await serveControlUi(join(original.pkg, "dist", "control-ui"));
    fake = await startFakeOpenAI();
    stateRoot = mkdtempSync(join(tmpdir(), "clawd-chat-ui-"));
    server = await startGatewayServer({ port: 0, ipv6Alias: false, closeGraceMs: 100 });
    host = await loadPlugins(
      [{ module: fileURLToPath(new URL("../index.js", import.meta.url)), config: { baseUrl: fake.baseUrl, model: "fake-1", deltaIntervalMs: 0 } }],
      server,
      { baseDir: stateRoot, stateRoot, logger: { debug() {}, info() {}, warn() {}, error() {} } },
    );
  }, 120_000);
  afterAll(async () => {
    await host?.stop();
    await server?.close();
    await fake?.close();
    await ui?.close();
    if (stateRoot) rmSync(stateRoot, { recursive: true, force: true });
  });

  it("sends a message from the Chat page and shows the streamed reply", async () => {
    fake.next({ tokens: ["Streamed ", "reply ", "from ", "the ", "fake ", "model."], holdAfter: 2 });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${ui.url}/chat?gatewayUrl=${encodeURIComponent(server.urls[0]!)}`);
      const box = page.locator("textarea").first();
      await box.waitFor({ timeout: UI_TIMEOUT_MS });
      await expect.poll(() => page.locator("text=Health").first().isVisible(), { timeout: UI_TIMEOUT_MS }).toBe(true);
      await box.fill("Hello gateway");
      await box.press("Enter");
      // Mid-stream (the fake holds after two tokens): the partial reply is on the page.
      await page.getByText("Streamed reply", { exact: false }).first().waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await page.getByText("fake model.").count()).toBe(0);
      fake.release();
      await page.getByText("Streamed reply from the fake model.").first().waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByText("Hello gateway").first().waitFor({ timeout: UI_TIMEOUT_MS });
      expect(fake.requests.at(-1)!.body.messages).toEqual([{ role: "user", content: "Hello gateway" }]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
