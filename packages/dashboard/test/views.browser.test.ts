// The views that depend on what a gateway serves, in a real browser against a real
// @clawd/gateway-server with this package's route: nodes and plugins appear only when their
// methods exist, a gateway without auth needs no secret, and a restart is survived.
import { launchBrowser } from "@clawd/test-kit/browser";
import { type GatewayServer, type GatewayServerOptions, startGatewayServer } from "@clawd/gateway-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDashboardRoute } from "../dist/index.js";

/** Generous waits for page loads on a loaded 2-core machine. */
const PAGE_WAIT_MS = 15_000;

type Browser = Awaited<ReturnType<typeof launchBrowser>>;
let browser: Browser;
const servers: GatewayServer[] = [];
const route = createDashboardRoute();

beforeAll(async () => {
  browser = await launchBrowser();
}, 90_000);
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function gateway(options: Partial<GatewayServerOptions> = {}): Promise<GatewayServer> {
  const server = await startGatewayServer({
    port: 0,
    ipv6Alias: false,
    closeGraceMs: 100,
    httpRoute: route,
    auth: { mode: "token", token: "t0k" },
    ...options,
  });
  servers.push(server);
  return server;
}

const tabNames = async (page: Awaited<ReturnType<Browser["newPage"]>>) => (await page.locator("nav a").allTextContents()).map((t) => t.trim());

describe("views that follow the gateway's methods", () => {
  it("without config or plugin methods those tabs are absent; the server's own node.list gives the nodes tab", async () => {
    const server = await gateway();
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.port}/#token=t0k`);
    await page.getByTestId("connection-state").filter({ hasText: "connected" }).waitFor({ timeout: PAGE_WAIT_MS });
    expect(await tabNames(page)).toEqual(["overview", "instances", "events", "logs", "methods", "nodes"]);
    await page.getByRole("link", { name: "nodes", exact: true }).click();
    await expect.poll(() => page.locator('[data-view="nodes"]').textContent(), { timeout: PAGE_WAIT_MS }).toContain("No nodes are paired");
    await page.close();
  });

  it("shows plugins from plugins.list when the gateway serves it", async () => {
    const server = await gateway();
    server.registerMethod(
      "plugins.list",
      () => [
        { name: "hello", version: "1.0.0", module: "./examples/plugin-hello", methods: [{ name: "hello.greet", scope: "read" }], events: ["hello.greeted"] },
      ],
      { scope: "read" },
    );
    const page = await browser.newPage({ viewport: { width: 1100, height: 640 } });
    await page.goto(`http://127.0.0.1:${server.port}/#token=t0k`);
    await page.getByTestId("connection-state").filter({ hasText: "connected" }).waitFor({ timeout: PAGE_WAIT_MS });
    expect(await tabNames(page)).toEqual(["overview", "instances", "events", "logs", "methods", "nodes", "plugins"]);
    await page.getByRole("link", { name: "plugins", exact: true }).click();
    const hello = page.locator('[data-view="plugins"] tr[data-plugin="hello"]');
    await expect.poll(() => hello.textContent(), { timeout: PAGE_WAIT_MS }).toContain("hello.greet");
    expect(await hello.textContent()).toContain("1.0.0");
    await page.close();
  });
});

describe("connection", () => {
  it("a gateway without auth connects from the form with an empty secret", async () => {
    const server = await gateway({ auth: { mode: "none" } });
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await page.getByRole("button", { name: "Connect" }).click();
    await page.getByTestId("connection-state").filter({ hasText: "connected" }).waitFor({ timeout: PAGE_WAIT_MS });
    await page.close();
  });

  it("a token typed into the form signs in; a wrong one is refused with the reason, then the right one works", async () => {
    const server = await gateway();
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await page.locator('input[name="secret"]').fill("nope");
    await page.getByRole("button", { name: "Connect" }).click();
    await expect.poll(() => page.getByTestId("sign-in-message").textContent(), { timeout: PAGE_WAIT_MS }).toContain("refused this token");
    await page.locator('input[name="secret"]').fill("t0k");
    await page.getByRole("button", { name: "Connect" }).click();
    await page.getByTestId("connection-state").filter({ hasText: "connected" }).waitFor({ timeout: PAGE_WAIT_MS });
    expect(server.stats().authFailures).toBe(1);
    await page.close();
  });

  // On the ws transport: on uWS a closed listener's server-closed sockets sit in TIME-WAIT
  // without SO_REUSEADDR, so the same port cannot be bound again for about a minute
  // (a gateway-server transport issue, reported separately; not the page's behaviour).
  it("reconnects by itself after the gateway restarts on the same port (ws transport)", async () => {
    const first = await gateway({ transport: "ws" });
    const port = first.port;
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/#token=t0k`);
    const state = page.getByTestId("connection-state");
    await state.filter({ hasText: "connected" }).waitFor({ timeout: PAGE_WAIT_MS });
    await first.close({ reason: "restart", restartExpectedMs: 200 });
    servers.splice(servers.indexOf(first), 1);
    await expect.poll(() => state.textContent(), { timeout: PAGE_WAIT_MS }).toMatch(/reconnect/);
    // The old listener may take a loop turn to release the port; retry the bind briefly.
    let second: GatewayServer | undefined;
    for (let attempt = 0; !second; attempt++) {
      second = await gateway({ port, transport: "ws" }).catch((error: { code?: string }) => {
        if (error.code !== "EADDRINUSE" || attempt >= 50) throw error;
        return new Promise<undefined>((r) => setTimeout(() => r(undefined), 100));
      });
    }
    await state.filter({ hasText: /^connected$/ }).waitFor({ timeout: PAGE_WAIT_MS });
    expect(second.stats().clients).toBe(1);
    await page.close();
  });
});
