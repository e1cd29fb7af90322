// The ORIGINAL Clawdbot's real clients against our CLI-run gateway: its CLI (`gateway probe`,
// `status`, `gateway call config.get`, `system event`, `logs`) and its browser Control UI
// (served from its package by a tiny static server, driven by Playwright in chromium). The
// original is installed once and cached (tooling/test-kit/src/original.ts); each of its CLI
// commands takes ~10 s on a loaded 2-core machine. Screenshots go to <repo>/.artifacts/compat/.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { connectGateway } from "@clawd/gateway-client";
import { launchBrowser } from "@clawd/test-kit/browser";
import { type ControlUiServer, serveControlUi } from "@clawd/test-kit/control-ui";
import { loadOriginal, type Original, originalEnv, runOriginalCli } from "@clawd/test-kit/original";
import { getFreePort } from "@clawd/test-kit/ports";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERSION } from "../../src/version.js";
import { type CliProcess, createSandbox, killAllClis, type Sandbox, startCli } from "../cli-process.js";

type Browser = Awaited<ReturnType<typeof launchBrowser>>;
type Page = Awaited<ReturnType<Browser["newPage"]>>;

/** Where screenshots land (gitignored). */
const ARTIFACTS_DIR = fileURLToPath(new URL("../../../../.artifacts/compat/", import.meta.url));
/** One original CLI command, including its slow start. */
const ORIGINAL_COMMAND_TIMEOUT_MS = 120_000;
/** How long the Control UI may take to show something after a navigation. */
const UI_WAIT_MS = 30_000;
const TOKEN = "compat-suite-token";

let box: Sandbox;
let gw: CliProcess;
let port: number;
let configPath: string;
let original: Original;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  original = loadOriginal();
  box = createSandbox();
  mkdirSync(box.state, { recursive: true });
  port = await getFreePort();
  configPath = join(box.state, "clawd.json");
  writeFileSync(configPath, `${JSON.stringify({ gateway: { mode: "local", port, auth: { mode: "token", token: TOKEN } } }, null, 2)}\n`);
  gw = startCli(["gateway"], box.env());
  await gw.waitFor("transport:");
  // The original CLI finds "its" local gateway through its own config, on our port.
  env = originalEnv(original, { CLAWDBOT_GATEWAY_TOKEN: TOKEN });
  const home = env.HOME as string;
  mkdirSync(join(home, ".clawdbot"), { recursive: true });
  writeFileSync(join(home, ".clawdbot", "clawdbot.json"), JSON.stringify({ gateway: { mode: "local", port, auth: { mode: "token", token: TOKEN } } }));
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
}, 15 * 60_000);

afterAll(async () => {
  gw?.child.kill("SIGTERM");
  await gw?.exited;
  await killAllClis();
  box?.cleanup();
});

const originalCli = async (args: string[]) => {
  const r = await runOriginalCli(original, args, env, ORIGINAL_COMMAND_TIMEOUT_MS);
  if (r.code !== 0) throw new Error(`original ${args.join(" ")} exited ${r.code}:\n${r.stderr}\n${r.stdout}`);
  return r;
};

describe("the original's CLI against our gateway", () => {
  it(
    "gateway probe --json: reachable, with our version in the target's self",
    async () => {
      const r = await originalCli(["gateway", "probe", "--url", `ws://127.0.0.1:${port}`, "--json"]);
      const report = JSON.parse(r.stdout);
      expect(report.ok).toBe(true);
      const target = report.targets.find((t: { id: string }) => t.id === "explicit");
      expect(target.connect).toMatchObject({ ok: true, error: null });
      expect(target.self).toMatchObject({ version: VERSION });
      expect(target.config).toMatchObject({ path: configPath, exists: true, valid: true });
    },
    ORIGINAL_COMMAND_TIMEOUT_MS,
  );

  it(
    "status --json: the gateway is reachable",
    async () => {
      const r = await originalCli(["status", "--json"]);
      const status = JSON.parse(r.stdout);
      expect(status.gateway).toMatchObject({ url: `ws://127.0.0.1:${port}`, reachable: true, error: null });
      expect(status.gateway.self.version).toBe(VERSION);
    },
    ORIGINAL_COMMAND_TIMEOUT_MS,
  );

  it(
    "status (the table): Gateway row says reachable, with our version",
    async () => {
      const r = await originalCli(["status"]);
      const row = r.stdout.split("\n").findIndex((line) => line.includes("│ Gateway ") && !line.includes("Gateway service"));
      expect(row).toBeGreaterThan(-1);
      // The cell wraps onto the next table line: join the two and drop the box drawing.
      const cell = r.stdout
        .split("\n")
        .slice(row, row + 2)
        .join(" ")
        .replace(/│/g, " ")
        .replace(/\s+/g, " ");
      expect(cell).toContain(`ws://127.0.0.1:${port}`);
      expect(cell).toMatch(/reachable \d+ms/);
      expect(cell).toContain(`app ${VERSION}`);
    },
    ORIGINAL_COMMAND_TIMEOUT_MS,
  );

  it(
    "gateway call config.get --json: our config, hashed, with the token redacted",
    async () => {
      const r = await originalCli(["gateway", "call", "config.get", "--json"]);
      expect(r.stdout).not.toContain(TOKEN);
      const snapshot = JSON.parse(r.stdout);
      expect(snapshot).toMatchObject({ path: configPath, exists: true, valid: true, config: { gateway: { port, auth: { token: "__CLAWD_REDACTED__" } } } });
      expect(snapshot.hash).toMatch(/^[0-9a-f]{64}$/);
    },
    ORIGINAL_COMMAND_TIMEOUT_MS,
  );

  it(
    "system event: wake is accepted and its text is queued in our status",
    async () => {
      const text = `compat wake ${Date.now()}`;
      const r = await originalCli(["system", "event", "--text", text, "--mode", "now", "--json"]);
      expect(JSON.parse(r.stdout)).toEqual({ ok: true });
      const client = await connectGateway({ url: `ws://127.0.0.1:${port}`, token: TOKEN, clientName: "cli", mode: "cli" });
      try {
        expect(((await client.request("status")) as { queuedSystemEvents: string[] }).queuedSystemEvents).toContain(text);
      } finally {
        await client.close();
      }
    },
    ORIGINAL_COMMAND_TIMEOUT_MS,
  );

  it(
    "system heartbeat disable and system presence: set-heartbeats and the presence list with our gateway's own entry",
    async () => {
      const off = await originalCli(["system", "heartbeat", "disable", "--json"]);
      expect(JSON.parse(off.stdout)).toEqual({ ok: true, enabled: false });
      const presence = JSON.parse((await originalCli(["system", "presence", "--json"])).stdout) as Array<Record<string, unknown>>;
      expect(presence[0]).toMatchObject({ mode: "gateway", reason: "self", version: VERSION, modelIdentifier: process.arch });
    },
    2 * ORIGINAL_COMMAND_TIMEOUT_MS,
  );

  it(
    "logs --plain: our JSON log lines parsed into time, level, subsystem and message",
    async () => {
      const r = await originalCli(["logs", "--limit", "200", "--plain"]);
      expect(r.stdout).toContain(`Log file: ${join(box.state, "logs", "gateway.log")}`);
      expect(r.stdout).toMatch(new RegExp(`^\\S+Z info gateway listening on ws://127\\.0\\.0\\.1:${port} \\(PID \\d+\\)$`, "m"));
    },
    ORIGINAL_COMMAND_TIMEOUT_MS,
  );
});

describe("the original's Control UI against our gateway", () => {
  let ui: ControlUiServer;
  let browser: Browser;
  let page: Page;
  const open = async (tab: string) => {
    await page.goto(`${ui.url}/${tab}?gatewayUrl=${encodeURIComponent(`ws://127.0.0.1:${port}`)}&token=${TOKEN}`);
  };
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS_DIR, `control-ui-${name}.png`), fullPage: true });

  beforeAll(async () => {
    ui = await serveControlUi(join(original.pkg, "dist/control-ui"));
    browser = await launchBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(UI_WAIT_MS);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await ui?.close();
  });

  it("the static server serves the app's routes as index.html and never leaves its folder", async () => {
    const route = await fetch(`${ui.url}/overview`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain("<clawdbot-app>");
    for (const outside of ["/%2e%2e/%2e%2e/package.json", "/..%2f..%2fpackage.json", "/assets/nope.js"]) {
      const r = await fetch(`${ui.url}${outside}`);
      expect(r.status).toBe(404);
      expect(await r.text()).not.toContain('"name"');
    }
  });

  it("Overview: connects (client id clawdbot-control-ui) and shows the snapshot", async () => {
    await open("overview");
    await expect.poll(() => page.getByText("Connected", { exact: true }).count(), { timeout: UI_WAIT_MS }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText("Health").first().isVisible(), { timeout: UI_WAIT_MS }).toBe(true);
    await shot("overview");
    expect(ui.requests.some((path) => path.startsWith("/assets/index-"))).toBe(true);
  }, 120_000);

  it("Instances: the gateway (with its IP, OS and arch) and the UI itself", async () => {
    await open("instances");
    await page.getByText("Reason self").waitFor();
    await page.getByText("Reason connect").first().waitFor();
    const text = await page.locator("body").innerText();
    expect(text).toContain("clawdbot-control-ui");
    expect(text).toContain(process.arch);
    await shot("instances");
  }, 120_000);

  it("Logs: the gateway's file log, parsed", async () => {
    await open("logs");
    await page.getByText(`listening on ws://127.0.0.1:${port}`).first().waitFor();
    expect(await page.getByText(join(box.state, "logs", "gateway.log"), { exact: false }).count()).toBeGreaterThan(0);
    await shot("logs");
  }, 120_000);

  it("Config: valid, schema-driven form; a raw edit saved with the base hash keeps the redacted token", async () => {
    await open("config");
    await page.getByText("valid", { exact: true }).waitFor();
    await page
      .getByText("Gateway server settings", { exact: false })
      .first()
      .waitFor()
      .catch(() => undefined);
    await shot("config-form");
    await page.getByRole("button", { name: "Raw" }).click();
    const editor = page.locator("textarea").first();
    await editor.waitFor();
    const raw = await editor.inputValue();
    expect(raw).toContain("__CLAWD_REDACTED__");
    expect(raw).not.toContain(TOKEN);
    const edited = JSON.parse(raw);
    edited.agents = { defaults: { model: "compat/model" } };
    await editor.fill(JSON.stringify(edited, null, 2));
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => JSON.parse(readFileSync(configPath, "utf8")).agents?.defaults?.model, { timeout: UI_WAIT_MS }).toBe("compat/model");
    // The placeholder the UI sent back kept the real token.
    expect(JSON.parse(readFileSync(configPath, "utf8")).gateway.auth.token).toBe(TOKEN);
    await shot("config-saved");
  }, 120_000);

  it("Config: Apply sends config.apply with the new base hash; a change that needs no restart applies at once", async () => {
    await open("config");
    await page.getByText("valid", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Raw" }).click();
    const editor = page.locator("textarea").first();
    await expect.poll(async () => (await editor.inputValue()).includes("compat/model"), { timeout: UI_WAIT_MS }).toBe(true);
    const edited = JSON.parse(await editor.inputValue());
    edited.agents.defaults.model = "compat/applied";
    await editor.fill(JSON.stringify(edited, null, 2));
    await page.getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => JSON.parse(readFileSync(configPath, "utf8")).agents?.defaults?.model, { timeout: UI_WAIT_MS }).toBe("compat/applied");
    expect(JSON.parse(readFileSync(configPath, "utf8")).gateway.auth.token).toBe(TOKEN);
    expect(gw.stdout).not.toContain("restarting in");
    await shot("config-applied");
  }, 120_000);
});
