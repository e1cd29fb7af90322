// The dashboard in a real browser (Debian's chromium via playwright-core) against a real
// CLI-run gateway: sign-in by fragment, live views, a broadcast event, logs, a wrong token.
// Screenshots of each view go to <repo>/.artifacts/dashboard (gitignored; CI keeps them).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser } from "@clawd/test-kit/browser";
import { getFreePort } from "@clawd/test-kit/ports";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliProcess, killAllClis, runCli, type Sandbox, startCli } from "./cli-process.js";
import { startSandboxGateway } from "./sandbox-gateway.js";

/** Where the view screenshots land (gitignored, uploaded by CI). */
export const ARTIFACTS_DIR = fileURLToPath(new URL("../../../.artifacts/dashboard/", import.meta.url));
/** The bound: a broadcast shows in the page within a second of the gateway sending it. */
const EVENT_VISIBLE_WITHIN_MS = 1000;
/** Generous waits for page loads on a loaded 2-core machine. */
const PAGE_WAIT_MS = 15_000;

type Browser = Awaited<ReturnType<typeof launchBrowser>>;
type Page = Awaited<ReturnType<Browser["newPage"]>>;

const TOKEN = "dash-test-token-3f9c";
let box: Sandbox;
let gw: CliProcess;
let port: number;
let browser: Browser;
const env = () => box.env({ CLAWD_GATEWAY_PORT: String(port) });

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  ({ box, gw, port } = await startSandboxGateway({ gateway: { mode: "local", auth: { token: TOKEN } } }, "dashboard:"));
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  gw?.child.kill("SIGTERM");
  await gw?.exited;
  await killAllClis();
  box?.cleanup();
});

async function signedInPage(): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 640 } });
  const requests: string[] = [];
  // CSP violations, script errors and failed loads all surface as console errors.
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("request", (r) => requests.push(r.url()));
  page.on("websocket", (ws) => requests.push(ws.url()));
  await page.goto(`http://127.0.0.1:${port}/#token=${TOKEN}`);
  await page.getByTestId("connection-state").filter({ hasText: "connected" }).waitFor({ timeout: PAGE_WAIT_MS });
  return { page, requests, errors };
}

async function openTab(page: Page, tab: string): Promise<void> {
  await page.getByRole("link", { name: tab, exact: true }).click();
  await page.locator(`[data-view="${tab}"]`).waitFor({ timeout: PAGE_WAIT_MS });
}

describe("dashboard in a real browser against `clawd gateway`", () => {
  it("signs in with the token from the fragment, erases it from the address bar, shows the gateway's numbers", async () => {
    const { page, requests, errors } = await signedInPage();
    expect(page.url()).toBe(`http://127.0.0.1:${port}/`);
    const facts = page.locator('[data-view="overview"]');
    await expect.poll(() => facts.locator('[data-fact="transport"] dd').textContent(), { timeout: PAGE_WAIT_MS }).toMatch(/^(uws|ws)$/);
    await expect.poll(() => facts.locator('[data-fact="clients"] dd').textContent(), { timeout: PAGE_WAIT_MS }).toMatch(/^[1-9]\d*$/);
    expect(await facts.locator('[data-fact="version"] dd').textContent()).toMatch(/^\d+\.\d+\.\d+/);
    // Everything came from the gateway itself: no CDN, no fonts, no other origin.
    expect(requests.length).toBeGreaterThan(2);
    for (const url of requests) expect(url).toMatch(new RegExp(`^(http|ws)://127\\.0\\.0\\.1:${port}/`));
    // The strict CSP blocked nothing the page needs, and nothing threw.
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS_DIR, "overview.png") });
    await page.close();
  });

  it("shows the gateway (and the dashboard itself) in presence", async () => {
    const { page } = await signedInPage();
    await openTab(page, "instances");
    const self = page.locator('[data-view="instances"] tr[data-reason="self"]');
    await expect.poll(() => self.textContent(), { timeout: PAGE_WAIT_MS }).toContain(hostname());
    await expect.poll(() => page.locator('[data-view="instances"] tbody tr').count(), { timeout: PAGE_WAIT_MS }).toBeGreaterThanOrEqual(2);
    const dashboardVersion = (JSON.parse(readFileSync(fileURLToPath(new URL("../../dashboard/package.json", import.meta.url)), "utf8")) as { version: string })
      .version;
    const me = page.locator('[data-view="instances"] tbody tr', { hasText: "Clawd dashboard" }).first();
    expect((await me.locator("td").allTextContents()).slice(1, 4)).toEqual(["ui", expect.any(String), dashboardVersion]);
    await page.screenshot({ path: join(ARTIFACTS_DIR, "instances.png") });
    await page.close();
  });

  it(`shows a broadcast event within ${EVENT_VISIBLE_WITHIN_MS} ms; the filter narrows the stream and pause holds it`, async () => {
    const { page } = await signedInPage();
    await openTab(page, "events");
    const marker = `dash-event-${Date.now()}`;
    const call = await runCli(["gateway", "call", "system-event", "--params", JSON.stringify({ text: marker })], env());
    expect(call.code).toBe(0);
    // The gateway broadcast `presence` before it answered the call: the page has had it since then.
    const entry = page.locator('[data-view="events"] li[data-event="presence"]', { hasText: marker });
    await entry.first().waitFor({ timeout: EVENT_VISIBLE_WITHIN_MS });
    await page.getByLabel("filter events").fill(marker);
    expect(await page.locator('[data-view="events"] li').count()).toBeGreaterThanOrEqual(1);
    for (const text of await page.locator('[data-view="events"] li').allTextContents()) expect(text).toContain(marker);
    await page.screenshot({ path: join(ARTIFACTS_DIR, "events.png") });
    await page.getByLabel("filter events").fill("");
    await page.getByRole("button", { name: "Pause" }).click();
    const before = await page.locator('[data-view="events"] li').count();
    const second = `dash-paused-${Date.now()}`;
    expect((await runCli(["gateway", "call", "system-event", "--params", JSON.stringify({ text: second })], env())).code).toBe(0);
    await expect.poll(() => page.getByTestId("missed").textContent(), { timeout: PAGE_WAIT_MS }).not.toBe("0 new while paused");
    expect(await page.locator('[data-view="events"] li').count()).toBe(before);
    expect(await page.locator('[data-view="events"]').textContent()).not.toContain(second);
    await page.close();
  });

  it("shows the gateway's log and filters it by level", async () => {
    const { page } = await signedInPage();
    await openTab(page, "logs");
    const log = page.locator('[data-view="logs"] ol.log');
    await expect.poll(() => log.textContent(), { timeout: PAGE_WAIT_MS }).toContain(`dashboard: http://127.0.0.1:${port}/`);
    await page.screenshot({ path: join(ARTIFACTS_DIR, "logs.png") });
    await page.getByLabel("minimum level").selectOption("error");
    await expect.poll(() => log.textContent(), { timeout: PAGE_WAIT_MS }).not.toContain("dashboard: http://");
    await page.close();
  });

  it("lists the methods with the scope each requires", async () => {
    const { page } = await signedInPage();
    await openTab(page, "methods");
    const row = (m: string) => page.locator(`[data-view="methods"] tr[data-method="${m}"] td.scope`);
    await expect.poll(() => row("system-event").textContent(), { timeout: PAGE_WAIT_MS }).toBe("admin");
    expect(await row("health").textContent()).toBe("read");
    expect(await row("logs.tail").textContent()).toBe("read");
    await page.screenshot({ path: join(ARTIFACTS_DIR, "methods.png") });
    await page.close();
  });

  it("round-trips a config edit (base hash from config.get) and refuses an invalid one naming the field", async () => {
    const { page } = await signedInPage();
    await openTab(page, "config");
    const editor = page.getByLabel("config JSON");
    await expect.poll(() => editor.inputValue(), { timeout: PAGE_WAIT_MS }).toContain('"gateway"');
    const hashBefore = await page.getByTestId("config-hash").textContent();
    const current = JSON.parse(await editor.inputValue()) as Record<string, any>;
    // The page shows secrets redacted; what it sends back keeps the stored token.
    expect(await editor.inputValue()).not.toContain(TOKEN);
    await editor.fill(JSON.stringify({ ...current, agents: { defaults: { model: "dashboard-model" } } }, null, 2));
    await page.getByRole("button", { name: "Save" }).click();
    const outcome = page.getByTestId("config-outcome");
    await expect.poll(() => outcome.textContent(), { timeout: PAGE_WAIT_MS }).toContain("Saved; applied at once.");
    const onDisk = JSON.parse(readFileSync(join(box.state, "clawd.json"), "utf8")) as Record<string, any>;
    expect(onDisk.agents.defaults.model).toBe("dashboard-model");
    expect(onDisk.gateway.auth.token).toBe(TOKEN);
    await expect.poll(() => page.getByTestId("config-hash").textContent(), { timeout: PAGE_WAIT_MS }).not.toBe(hashBefore);
    await page.screenshot({ path: join(ARTIFACTS_DIR, "config.png") });

    const saved = JSON.parse(await editor.inputValue()) as Record<string, any>;
    await editor.fill(JSON.stringify({ ...saved, gateway: { ...saved.gateway, port: "not-a-port" } }, null, 2));
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => outcome.textContent(), { timeout: PAGE_WAIT_MS }).toContain("Refused");
    expect(await outcome.locator("li").allTextContents()).toEqual([expect.stringMatching(/^gateway\.port: /)]);
    await page.screenshot({ path: join(ARTIFACTS_DIR, "config-invalid.png") });
    expect(JSON.parse(readFileSync(join(box.state, "clawd.json"), "utf8")).gateway.port).toBeUndefined();
    await page.close();
  });

  it("refuses a save based on a stale config (another client wrote in between)", async () => {
    const { page } = await signedInPage();
    await openTab(page, "config");
    const editor = page.getByLabel("config JSON");
    await expect.poll(() => editor.inputValue(), { timeout: PAGE_WAIT_MS }).toContain('"gateway"');
    const set = await runCli(["config", "set", "agents.defaults.model", "written-by-cli"], env());
    expect(set.code).toBe(0);
    const mine = JSON.parse(await editor.inputValue()) as Record<string, any>;
    await editor.fill(JSON.stringify({ ...mine, agents: { defaults: { model: "from-stale-page" } } }));
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByTestId("config-outcome").textContent(), { timeout: PAGE_WAIT_MS }).toContain("config changed since last load");
    expect(JSON.parse(readFileSync(join(box.state, "clawd.json"), "utf8")).agents.defaults.model).toBe("written-by-cli");
    await page.close();
  });

  it("shows a real node host (clawd node run) in the Nodes view", async () => {
    const host = startCli(
      ["node", "run", "--display-name", "dashboard-node"],
      box.env({ CLAWD_STATE_DIR: join(box.root, "node-host-state"), CLAWD_GATEWAY_PORT: String(port), CLAWD_GATEWAY_TOKEN: TOKEN }),
    );
    await host.waitFor("node host connected");
    const { page } = await signedInPage();
    await openTab(page, "nodes");
    const row = page.locator('[data-view="nodes"] tbody tr', { hasText: "dashboard-node" });
    await expect.poll(() => row.count(), { timeout: PAGE_WAIT_MS }).toBe(1);
    const cells = await row.locator("td").allTextContents();
    expect(cells[2]).toBe(process.platform);
    expect(cells.slice(-2)).toEqual(["yes", "yes"]);
    await page.screenshot({ path: join(ARTIFACTS_DIR, "nodes.png") });
    host.child.kill("SIGTERM");
    await host.exited;
    // node.list is polled: the node shows as disconnected once its host is gone.
    await expect.poll(async () => (await row.locator("td").allTextContents()).slice(-2), { timeout: PAGE_WAIT_MS }).toEqual(["no", "yes"]);
    await page.close();
  });

  it("a wrong token gets a clear message and one attempt, not a reconnect loop", async () => {
    const failures = async () => {
      const r = await runCli(["gateway", "call", "status", "--json"], env());
      return (JSON.parse(r.stdout) as { gateway: { authFailures: number } }).gateway.authFailures;
    };
    const before = await failures();
    const page = await browser.newPage({ viewport: { width: 1100, height: 640 } });
    await page.goto(`http://127.0.0.1:${port}/#token=not-the-token`);
    const message = page.getByTestId("sign-in-message");
    await expect.poll(() => message.textContent(), { timeout: PAGE_WAIT_MS }).toContain("The gateway refused this token");
    expect(page.url()).toBe(`http://127.0.0.1:${port}/`);
    await page.screenshot({ path: join(ARTIFACTS_DIR, "wrong-token.png") });
    // Long enough for the client's backoff to have retried several times, were it looping.
    await page.waitForTimeout(3000);
    expect(await failures()).toBe(before + 1);
    await page.close();
  });

  it("rides out the gateway's in-process restart (SIGHUP): reconnecting, then connected again", async () => {
    const { page } = await signedInPage();
    const state = page.getByTestId("connection-state");
    const before = gw.stdout.length;
    gw.child.kill("SIGHUP");
    // The gateway tells clients to come back in 1.5 s (shutdown.restartExpectedMs), so the
    // page shows "reconnecting" first; an event sent before it is back would be missed.
    await state.filter({ hasText: /reconnecting/ }).waitFor({ timeout: PAGE_WAIT_MS });
    await gw.waitFor(/SIGHUP received[\s\S]*dashboard: http/);
    expect(gw.stdout.slice(before)).toContain("restarting");
    await state.filter({ hasText: /^connected$/ }).waitFor({ timeout: PAGE_WAIT_MS });
    // The page is still signed in and live: a broadcast after the restart reaches it.
    await openTab(page, "events");
    const marker = `after-restart-${Date.now()}`;
    expect((await runCli(["gateway", "call", "system-event", "--params", JSON.stringify({ text: marker })], env())).code).toBe(0);
    await page.locator('[data-view="events"] li', { hasText: marker }).first().waitFor({ timeout: PAGE_WAIT_MS });
    await page.close();
  });

  it("keeps every secret out of the gateway's log", () => {
    const log = readFileSync(join(box.state, "logs", "gateway.log"), "utf8");
    expect(log).toContain("dashboard:");
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain("not-the-token");
  });
});

describe("clawd dashboard and clawd gateway status", () => {
  it("dashboard --no-open prints the URL with the token in the fragment and checks the page is served", async () => {
    const r = await runCli(["dashboard", "--no-open"], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Dashboard: http://127.0.0.1:${port}/#token=${TOKEN}`);
    expect(r.stdout + r.stderr).not.toMatch(/serves no dashboard|No gateway answers/);
    const json = await runCli(["dashboard", "--no-open", "--json"], env());
    expect(JSON.parse(json.stdout)).toEqual({ url: `http://127.0.0.1:${port}/#token=${TOKEN}`, served: "ok", opened: false });
  });

  it("dashboard opens the URL with $BROWSER (a recording script standing in for a desktop browser)", async () => {
    const record = join(box.root, "browser-args.txt");
    const script = join(box.root, "fake-browser.sh");
    writeFileSync(script, `#!/bin/sh\nprintf '%s' "$1" > '${record}'\n`, { mode: 0o755 });
    const r = await runCli(["dashboard"], box.env({ CLAWD_GATEWAY_PORT: String(port), BROWSER: script }));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Opened in your browser.");
    await expect
      .poll(() => {
        try {
          return readFileSync(record, "utf8");
        } catch {
          return "";
        }
      })
      .toBe(`http://127.0.0.1:${port}/#token=${TOKEN}`);
  });

  it("dashboard without a display says so instead of failing, and warns when no gateway answers", async () => {
    const free = await getFreePort();
    const r = await runCli(["dashboard"], box.env({ CLAWD_GATEWAY_PORT: String(free), DISPLAY: "", WAYLAND_DISPLAY: "", BROWSER: "" }));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Dashboard: http://127.0.0.1:${free}/#token=${TOKEN}`);
    expect(r.stdout + r.stderr).toContain("No browser to open here");
    expect(r.stdout + r.stderr).toContain(`No gateway answers at http://127.0.0.1:${free}/`);
  });

  it("gateway status shows the dashboard URL (without the secret)", async () => {
    const r = await runCli(["gateway", "status"], env());
    expect(r.stdout).toContain(`Dashboard: http://127.0.0.1:${port}/ (clawd dashboard opens it signed in)`);
    expect(r.stdout).not.toContain(TOKEN);
    const json = await runCli(["gateway", "status", "--json"], env());
    expect(JSON.parse(json.stdout).dashboard).toBe(`http://127.0.0.1:${port}/`);
  });
});
