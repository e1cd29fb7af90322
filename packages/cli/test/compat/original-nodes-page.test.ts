// The ORIGINAL Clawdbot's Control UI **Nodes** page against our CLI-run gateway, with the
// original's node host as the node. The host comes in through a local proxy that makes it
// remote and files a pairing request; on the page:
// - Devices card: the request shows as Pending; Approve pairs it (device.pair.approve),
//   Reject refuses a second host's (device.pair.reject), Rotate shows a new token in a
//   prompt (device.token.rotate), Revoke revokes it (device.token.revoke);
// - Nodes card: the connected host with name, id, remote IP, paired/connected, its commands
//   (node.list);
// - Exec approvals card, Gateway target: the gateway's own approvals load (exec.approvals.get),
//   an allowlist entry added on the page is saved (exec.approvals.set) and is there after a reload;
// - Exec approvals card, Node target: the node's own approvals load and save through the node
//   host (exec.approvals.node.get/set);
// - Exec node binding card: binding the default saves tools.exec.node (config.get/set).
// Screenshots go to <repo>/.artifacts/compat/control-ui-nodes-*.png.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { connectGateway, type GatewayClient } from "@clawd/gateway-client";
import { launchBrowser } from "@clawd/test-kit/browser";
import { type ControlUiServer, serveControlUi } from "@clawd/test-kit/control-ui";
import { FORWARDED_CLIENT_IP, type ForwardingProxy, startForwardingProxy } from "@clawd/test-kit/forwarding-proxy";
import { loadOriginal, type Original, originalEnv } from "@clawd/test-kit/original";
import { getFreePort } from "@clawd/test-kit/ports";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliProcess, createSandbox, killAllClis, type Sandbox, startCli } from "../cli-process.js";

type Browser = Awaited<ReturnType<typeof launchBrowser>>;
type Page = Awaited<ReturnType<Browser["newPage"]>>;

/** Where screenshots land (gitignored). */
const ARTIFACTS_DIR = fileURLToPath(new URL("../../../../.artifacts/compat/", import.meta.url));
/** One step, including the original node host's slow start on a loaded 2-core machine. */
const STEP_TIMEOUT_MS = 120_000;
/** How long the Control UI may take to show something after a navigation or a click. */
const UI_WAIT_MS = 30_000;
const TOKEN = "nodes-page-token";
const NODE_NAME = "ui-node";

let original: Original;
let box: Sandbox;
let gw: CliProcess;
let proxy: ForwardingProxy;
let port: number;
let operator: GatewayClient;
let ui: ControlUiServer;
let browser: Browser;
let page: Page;
let nodeHostEnv: NodeJS.ProcessEnv;
const nodeHosts: ChildProcess[] = [];

/** Starts the original `clawdbot node run` through the proxy, so our gateway sees it as remote (its own HOME, so its own device identity). */
function startNodeHost(name = NODE_NAME, env = nodeHostEnv): ChildProcess {
  const child = spawn(original.node, [original.bin, "node", "run", "--host", "127.0.0.1", "--port", String(proxy.port), "--display-name", name], {
    env,
    stdio: "ignore",
  });
  nodeHosts.push(child);
  return child;
}

interface PairedDevice {
  deviceId: string;
  tokens?: { role: string; revokedAtMs?: number }[];
}
const pairList = async () => (await operator.request("device.pair.list", {})) as { pending: { requestId: string; deviceId: string }[]; paired: PairedDevice[] };
const nodesCard = () => page.locator("section.card", { hasText: "Paired devices and live links." });
const devicesCard = () => page.locator("section.card", { hasText: "Pairing requests + role tokens." });
const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS_DIR, `control-ui-nodes-${name}.png`), fullPage: true });

beforeAll(async () => {
  original = loadOriginal();
  box = createSandbox();
  mkdirSync(box.state, { recursive: true });
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  // The forwarding proxy on loopback stands for a reverse proxy: trusted, so its X-Forwarded-For counts.
  writeFileSync(join(box.state, "clawd.json"), JSON.stringify({ gateway: { mode: "local", auth: { token: TOKEN }, trustedProxies: ["127.0.0.1", "::1"] } }));
  port = await getFreePort();
  gw = startCli(["gateway", "--port", String(port)], box.env());
  await gw.waitFor("transport:");
  proxy = await startForwardingProxy(port);
  nodeHostEnv = originalEnv(original, { CLAWDBOT_GATEWAY_TOKEN: TOKEN });
  operator = await connectGateway({ url: `ws://127.0.0.1:${port}`, token: TOKEN, scopes: ["operator.admin", "operator.approvals", "operator.pairing"] });
  ui = await serveControlUi(join(original.pkg, "dist/control-ui"));
  browser = await launchBrowser();
  page = await browser.newPage();
  page.setDefaultTimeout(UI_WAIT_MS);
  // Revoke asks window.confirm; the test is the operator who says yes.
  page.on("dialog", (dialog) => void dialog.accept());
}, STEP_TIMEOUT_MS);

afterAll(async () => {
  for (const child of nodeHosts) child.kill("SIGKILL");
  await browser?.close();
  await ui?.close();
  await operator?.close();
  await proxy?.close();
  gw?.child.kill("SIGTERM");
  await gw?.exited;
  await killAllClis();
  box?.cleanup();
});

describe("the original Control UI's Nodes page against our gateway", () => {
  let nodeId = "";

  it(
    "Devices card: the remote node host's request shows as Pending, and Approve pairs it",
    async () => {
      const requested = new Promise<Record<string, unknown>>((resolve) => operator.on("device.pair.requested", (p) => resolve(p as Record<string, unknown>)));
      const first = startNodeHost();
      const request = await requested;
      first.kill("SIGKILL");
      nodeId = String(request.deviceId);

      await page.goto(`${ui.url}/nodes?gatewayUrl=${encodeURIComponent(`ws://127.0.0.1:${port}`)}&token=${TOKEN}`);
      const pending = devicesCard().locator(".list-item", { hasText: nodeId });
      await pending.waitFor();
      const text = await pending.innerText();
      expect(text).toContain(NODE_NAME);
      expect(text).toContain(FORWARDED_CLIENT_IP);
      expect(text).toContain("role: node");
      await pending.scrollIntoViewIfNeeded();
      await shot("pending");

      await pending.getByRole("button", { name: "Approve" }).click();
      await expect.poll(async () => (await pairList()).paired.some((d) => d.deviceId === nodeId), { timeout: UI_WAIT_MS }).toBe(true);
      expect((await pairList()).pending).toEqual([]);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "Nodes card: the paired node host, connected, with its id, remote IP and commands",
    async () => {
      startNodeHost();
      const item = nodesCard().locator(".list-item", { hasText: nodeId });
      // The page loaded before the host connected: Refresh (node.list) until it shows connected.
      await expect
        .poll(
          async () => {
            await nodesCard().getByRole("button", { name: "Refresh" }).click();
            return (await item.count()) > 0 && (await item.innerText()).includes("connected");
          },
          { timeout: STEP_TIMEOUT_MS - 10_000, interval: 1_000 },
        )
        .toBe(true);
      const text = await item.innerText();
      expect(text).toContain(NODE_NAME);
      expect(text).toContain(FORWARDED_CLIENT_IP);
      expect(text).toContain("paired");
      expect(text).not.toContain("offline");
      expect(text).toContain("system.run");
      expect(text).toContain("system.which");
      // The chips are exactly what node.list says: paired, connected, caps, commands (as the UI trims them).
      const listed = (
        (await operator.request("node.list", {})) as { nodes: { nodeId: string; caps?: string[]; commands?: string[]; version?: string }[] }
      ).nodes.find((n) => n.nodeId === nodeId);
      const chips = (await item.locator(".chip").allInnerTexts()).map((c) => c.trim());
      expect(chips).toEqual(["paired", "connected", ...(listed?.caps ?? []).slice(0, 12), ...(listed?.commands ?? []).slice(0, 8)]);
      if (listed?.version) expect(text).toContain(listed.version);
      // The paired device shows in the Devices card with its node token, active.
      const paired = devicesCard().locator(".list-item", { hasText: nodeId });
      await devicesCard().getByRole("button", { name: "Refresh" }).click();
      await expect.poll(async () => paired.innerText(), { timeout: UI_WAIT_MS }).toMatch(/node · active/);
      await item.scrollIntoViewIfNeeded();
      await shot("connected");
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "Exec approvals card, Gateway target: loads our approvals file; an allowlist entry added and saved is there after a reload and in exec.approvals.get",
    async () => {
      const approvalsCard = () => page.locator("section.card", { hasText: "Allowlist and approval policy for" });
      const before = (await operator.request("exec.approvals.get", {})) as { hash: string; file: { agents?: Record<string, unknown> } };
      expect(before.file.agents).toEqual({});
      // The page asked exec.approvals.get on opening: the Gateway target shows the policy, not "Load exec approvals".
      await approvalsCard().locator(".list-item", { hasText: "Default security mode." }).locator("select").waitFor();
      expect(await approvalsCard().getByText("Load exec approvals to edit allowlists.").count()).toBe(0);
      await approvalsCard().getByRole("button", { name: "main", exact: true }).click();
      await approvalsCard().getByText("No allowlist entries yet.").waitFor();
      await approvalsCard().getByRole("button", { name: "Add pattern" }).click();
      await approvalsCard().locator(".list-item", { hasText: "New pattern" }).locator("input").fill("/usr/bin/uname");
      await approvalsCard().getByRole("button", { name: "Save" }).click();
      type Snapshot = { hash: string; file: { agents?: Record<string, { allowlist?: { id?: string; pattern: string }[] }> } };
      await expect
        .poll(async () => ((await operator.request("exec.approvals.get", {})) as Snapshot).file.agents?.main?.allowlist?.map((e) => e.pattern), {
          timeout: UI_WAIT_MS,
        })
        .toEqual(["/usr/bin/uname"]);
      const saved = (await operator.request("exec.approvals.get", {})) as Snapshot;
      expect(saved.hash).not.toBe(before.hash);
      expect(saved.file.agents?.main?.allowlist?.[0]?.id).toEqual(expect.any(String));
      const onDisk = JSON.parse(readFileSync(join(box.state, "exec-approvals.json"), "utf8")) as { socket: { token: string } };
      expect(onDisk.socket.token.length).toBeGreaterThan(20);
      // A reload reads it back from the gateway.
      await page.reload();
      await approvalsCard().getByRole("button", { name: "main", exact: true }).click();
      await approvalsCard().locator(".list-item", { hasText: "/usr/bin/uname" }).locator("input").waitFor();
      expect(await approvalsCard().locator(".list-item", { hasText: "/usr/bin/uname" }).locator("input").inputValue()).toBe("/usr/bin/uname");
      await approvalsCard().scrollIntoViewIfNeeded();
      await shot("exec-approvals-gateway");
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "Exec approvals card, Node target: the node host's own approvals load, and Save writes them through the node",
    async () => {
      const card = page.locator("section.card", { hasText: "Allowlist and approval policy for" });
      const security = card.locator(".list-item", { hasText: "Default security mode." }).locator("select");
      await card.locator("select").first().selectOption("node");
      // Switching the target drops the gateway's snapshot until the node's is loaded.
      await card.getByText("Load exec approvals to edit allowlists.").waitFor();
      const nodeSelect = card.locator(".list-item", { hasText: "Target" }).locator("select").nth(1);
      await expect.poll(async () => (await nodeSelect.locator("option").allInnerTexts()).join("\n"), { timeout: UI_WAIT_MS }).toContain(NODE_NAME);
      await nodeSelect.selectOption(nodeId);
      const load = card.getByRole("button", { name: "Load approvals" });
      if ((await load.count()) > 0) await load.click();
      // exec.approvals.node.get went through our gateway to the node host and back.
      await security.waitFor();
      await security.selectOption("full");
      await card.getByRole("button", { name: "Save" }).click();
      await expect
        .poll(
          async () => {
            const snapshot = (await operator.request("exec.approvals.node.get", { nodeId })) as { file?: { defaults?: { security?: string } } };
            return snapshot.file?.defaults?.security;
          },
          { timeout: UI_WAIT_MS },
        )
        .toBe("full");
      // The node's save did not touch the gateway's own file.
      expect(((await operator.request("exec.approvals.get", {})) as { file: { defaults?: { security?: string } } }).file.defaults?.security).toBeUndefined();
      await shot("exec-approvals");
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "Exec node binding card: binding the default to the node saves tools.exec.node in our config (config.set)",
    async () => {
      const card = page.locator("section.card", { hasText: "Pin agents to a specific node" });
      const binding = card.locator(".list-item", { hasText: "Default binding" }).locator("select");
      await expect.poll(async () => (await binding.locator("option").allInnerTexts()).join("\n"), { timeout: UI_WAIT_MS }).toContain(NODE_NAME);
      await binding.selectOption(nodeId);
      await card.getByRole("button", { name: "Save" }).click();
      const configPath = join(box.state, "clawd.json");
      await expect.poll(() => JSON.parse(readFileSync(configPath, "utf8")).tools?.exec?.node, { timeout: UI_WAIT_MS }).toBe(nodeId);
      // The UI saved the redacted snapshot back: the real token stayed.
      expect(JSON.parse(readFileSync(configPath, "utf8")).gateway.auth.token).toBe(TOKEN);
      await shot("binding");
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "Devices card: Reject refuses a second node host's request (device.pair.reject)",
    async () => {
      const requested = new Promise<Record<string, unknown>>((resolve) => operator.on("device.pair.requested", (p) => resolve(p as Record<string, unknown>)));
      const other = startNodeHost("ui-node-rejected", originalEnv(original, { CLAWDBOT_GATEWAY_TOKEN: TOKEN }));
      const otherId = String((await requested).deviceId);
      other.kill("SIGKILL");
      await devicesCard().getByRole("button", { name: "Refresh" }).click();
      const pending = devicesCard().locator(".list-item", { hasText: otherId });
      await pending.getByRole("button", { name: "Reject" }).click();
      await expect.poll(async () => (await pairList()).pending.some((r) => r.deviceId === otherId), { timeout: UI_WAIT_MS }).toBe(false);
      expect((await pairList()).paired.some((d) => d.deviceId === otherId)).toBe(false);
      await expect.poll(() => pending.count(), { timeout: UI_WAIT_MS }).toBe(0);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "Devices card: Rotate issues a new node token (device.token.rotate) and shows it in a prompt",
    async () => {
      const shown: string[] = [];
      const onDialog = (dialog: { type(): string; defaultValue(): string }) => {
        if (dialog.type() === "prompt") shown.push(dialog.defaultValue());
      };
      page.on("dialog", onDialog);
      const paired = devicesCard().locator(".list-item", { hasText: nodeId });
      await paired.getByRole("button", { name: "Rotate" }).click();
      await expect.poll(() => shown.length, { timeout: UI_WAIT_MS }).toBe(1);
      page.off("dialog", onDialog);
      expect(shown[0]).toMatch(/\S{16,}/);
      const token = (await pairList()).paired.find((d) => d.deviceId === nodeId)?.tokens?.find((t) => t.role === "node") as
        | { rotatedAtMs?: number }
        | undefined;
      expect(token?.rotatedAtMs).toBeGreaterThan(0);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "Devices card: Revoke revokes the node's token (device.token.revoke)",
    async () => {
      const paired = devicesCard().locator(".list-item", { hasText: nodeId });
      await paired.getByRole("button", { name: "Revoke" }).click();
      await expect
        .poll(async () => (await pairList()).paired.find((d) => d.deviceId === nodeId)?.tokens?.find((t) => t.role === "node")?.revokedAtMs, {
          timeout: UI_WAIT_MS,
        })
        .toBeGreaterThan(0);
      await expect.poll(async () => paired.innerText(), { timeout: UI_WAIT_MS }).toMatch(/node · revoked/);
      await shot("revoked");
    },
    STEP_TIMEOUT_MS,
  );
});
