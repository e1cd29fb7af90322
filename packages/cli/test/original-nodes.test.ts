// The ORIGINAL Clawdbot's node host and CLI against our CLI-run gateway: the node host comes
// in through a local proxy that makes it remote (X-Forwarded-For), is refused with "pairing
// required", the original `devices approve` pairs it, and the original `nodes status`,
// `nodes describe`, `nodes invoke system.which` and `nodes run` (approved by an operator
// holding operator.approvals) work through our gateway. The exec.finished / exec.denied events
// the node host sends land in session `node`'s system-event queue (status, as the original CLI's
// `gateway call status` reads it) and reach a plugin's api.onNodeEvent. The original's
// `approvals … --gateway` and our `clawd approvals … --node` edit the gateway's and the node
// host's approvals files.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { connectGateway, type GatewayClient } from "@clawd/gateway-client";
import { FORWARDED_CLIENT_IP, type ForwardingProxy, startForwardingProxy } from "@clawd/test-kit/forwarding-proxy";
import { loadOriginal, type Original, originalEnv, runOriginalCli } from "@clawd/test-kit/original";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliProcess, killAllClis, runCli, type Sandbox } from "./cli-process.js";
import { startSandboxGateway } from "./sandbox-gateway.js";

const TOKEN = "original-nodes-token";
const NODE_WATCH_PLUGIN = fileURLToPath(new URL("./fixtures/plugins/node-watch.mjs", import.meta.url));
/** The original CLI starts slowly (~3–10 s per command on a loaded 2-core machine). */
const STEP_TIMEOUT_MS = 180_000;

let original: Original;
let box: Sandbox;
let gw: CliProcess;
let proxy: ForwardingProxy;
let port: number;
let operator: GatewayClient;
const nodeHostEnv: NodeJS.ProcessEnv = {};
const nodeHosts: ChildProcess[] = [];

/** Starts `clawdbot node run` through the proxy; resolves with the process and its output so far. */
function startNodeHost(): { child: ChildProcess; output: () => string } {
  const child = spawn(original.node, [original.bin, "node", "run", "--host", "127.0.0.1", "--port", String(proxy.port), "--display-name", "ci-node"], {
    env: nodeHostEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  nodeHosts.push(child);
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => (output += d));
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (output += d));
  return { child, output: () => output };
}
const cli = (args: string[]) => runOriginalCli(original, [...args, "--url", `ws://127.0.0.1:${port}`, "--token", TOKEN], cliEnv);
let cliEnv: NodeJS.ProcessEnv;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  original = loadOriginal();
  // The forwarding proxy on loopback stands for a reverse proxy: trusted, so its X-Forwarded-For counts.
  ({ box, gw, port } = await startSandboxGateway({
    gateway: { mode: "local", auth: { token: TOKEN }, trustedProxies: ["127.0.0.1", "::1"] },
    plugins: [{ module: NODE_WATCH_PLUGIN }],
  }));
  proxy = await startForwardingProxy(port);
  Object.assign(nodeHostEnv, originalEnv(original, { CLAWDBOT_GATEWAY_TOKEN: TOKEN }));
  cliEnv = originalEnv(original);
  operator = await connectGateway({ url: `ws://127.0.0.1:${port}`, token: TOKEN, scopes: ["operator.admin", "operator.approvals", "operator.pairing"] });
}, STEP_TIMEOUT_MS);

afterAll(async () => {
  for (const child of nodeHosts) child.kill("SIGKILL");
  await operator?.close();
  await proxy?.close();
  gw?.child.kill("SIGTERM");
  await gw?.exited;
  await killAllClis();
  box?.cleanup();
});

describe("the original node host and CLI against our gateway", () => {
  let nodeId = "";

  it(
    "refuses the remote node host with pairing required, and the original `devices approve` pairs it",
    async () => {
      const requested = new Promise<Record<string, unknown>>((resolve) => operator.on("device.pair.requested", (p) => resolve(p as Record<string, unknown>)));
      const first = startNodeHost();
      const request = await requested;
      expect(request).toMatchObject({
        clientId: "node-host",
        clientMode: "node",
        role: "node",
        displayName: "ci-node",
        remoteIp: FORWARDED_CLIENT_IP,
        silent: false,
      });
      await until("the node host to report pairing required", async () => (first.output().includes("pairing required") ? true : undefined));
      first.child.kill("SIGKILL");
      nodeId = String(request.deviceId);

      const listed = await cli(["devices", "list", "--json"]);
      expect(listed.code).toBe(0);
      const pending = (JSON.parse(listed.stdout) as { pending: { requestId: string; deviceId: string }[] }).pending;
      expect(pending).toEqual([expect.objectContaining({ requestId: request.requestId, deviceId: nodeId })]);

      const approved = await cli(["devices", "approve", String(request.requestId)]);
      expect(approved.code).toBe(0);
      expect(approved.stdout).toContain(`Approved ${nodeId}`);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "lets the paired node host connect with its device token; `nodes status` and `nodes describe` show it",
    async () => {
      startNodeHost();
      await until("the node to connect", async () => {
        const list = (await operator.request("node.list", {})) as { nodes: { nodeId: string; connected: boolean }[] };
        return list.nodes.find((n) => n.nodeId === nodeId && n.connected);
      });
      const status = await cli(["nodes", "status", "--json"]);
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout).nodes).toEqual([
        expect.objectContaining({ nodeId, displayName: "ci-node", paired: true, connected: true, remoteIp: FORWARDED_CLIENT_IP }),
      ]);
      const described = await cli(["nodes", "describe", "--node", nodeId, "--json"]);
      expect(described.code).toBe(0);
      expect(JSON.parse(described.stdout)).toMatchObject({ nodeId, platform: "linux", commands: expect.arrayContaining(["system.run", "system.which"]) });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "answers the original `nodes pending` from the legacy node pairing store",
    async () => {
      // The node host pairs as a device; a bridge-style node files into the legacy store.
      await operator.request("node.pair.request", { nodeId: "legacy-bridge", displayName: "bridge" });
      const pending = await cli(["nodes", "pending", "--json"]);
      expect(pending.code, pending.stderr).toBe(0);
      expect(JSON.parse(pending.stdout)).toEqual([expect.objectContaining({ nodeId: "legacy-bridge", displayName: "bridge" })]);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "runs `nodes invoke system.which` on the node",
    async () => {
      const invoked = await cli(["nodes", "invoke", "--node", "ci-node", "--command", "system.which", "--params", JSON.stringify({ bins: ["sh"] }), "--json"]);
      expect(invoked.code).toBe(0);
      expect(JSON.parse(invoked.stdout)).toMatchObject({
        ok: true,
        nodeId,
        command: "system.which",
        payload: { bins: { sh: expect.stringMatching(/\/sh$/) } },
      });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "runs `nodes run` once an operator with operator.approvals approves it",
    async () => {
      const off = operator.on("exec.approval.requested", (payload) => {
        const { id, request } = payload as { id: string; request: { command: string } };
        if (request.command === "echo approved-run") void operator.request("exec.approval.resolve", { id, decision: "allow-once" });
      });
      const run = await cli(["nodes", "run", "--node", "ci-node", "--json", "echo", "approved-run"]);
      off();
      expect(run.code, run.stderr + run.stdout).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        ok: true,
        command: "system.run",
        payload: { exitCode: 0, success: true, stdout: expect.stringContaining("approved-run") },
      });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "queues the node host's exec.finished and exec.denied for session `node` (status, read by the original CLI), and the plugin hears them",
    async () => {
      // An unapproved system.run straight through `nodes invoke`: the node host refuses it and sends exec.denied.
      const denied = await cli([
        "nodes",
        "invoke",
        "--node",
        "ci-node",
        "--command",
        "system.run",
        "--params",
        JSON.stringify({ command: ["echo", "denied-run"] }),
        "--json",
      ]);
      expect(denied.code).not.toBe(0);
      expect(denied.stderr + denied.stdout).toContain("SYSTEM_RUN_DENIED");
      type Status = { queuedSystemEvents: string[]; gateway: { systemEvents: Record<string, string[]> } };
      const queued = await until("both exec events in session node's queue", async () => {
        const lines = ((await operator.request("status", {})) as Status).gateway.systemEvents.node ?? [];
        return lines.length >= 2 ? lines : undefined;
      });
      expect(queued).toEqual([
        expect.stringMatching(new RegExp(`^Exec finished \\(node=${nodeId} id=[\\w-]+, code 0\\)\\napproved-run`)),
        expect.stringMatching(new RegExp(`^Exec denied \\(node=${nodeId} id=[\\w-]+, approval-required\\): echo denied-run$`)),
      ]);
      // The original CLI reads the same status through our gateway.
      const status = await cli(["gateway", "call", "status", "--json"]);
      expect(status.code, status.stderr).toBe(0);
      expect((JSON.parse(status.stdout) as Status).gateway.systemEvents.node).toEqual(queued);
      // The plugin heard both events from the node, payload parsed.
      type Seen = { nodeId: string; event: string; payload: { sessionKey?: string; command?: string; exitCode?: number; reason?: string } };
      const seen = ((await operator.request("nodewatch.seen", {})) as Seen[]).filter((e) => e.event.startsWith("exec."));
      expect(seen).toEqual([
        expect.objectContaining({
          nodeId,
          event: "exec.finished",
          payload: expect.objectContaining({ sessionKey: "node", command: "echo approved-run", exitCode: 0 }),
        }),
        expect.objectContaining({
          nodeId,
          event: "exec.denied",
          payload: expect.objectContaining({ sessionKey: "node", command: "echo denied-run", reason: "approval-required" }),
        }),
      ]);
      // The plugin's turn for the session takes the lines; the queue is then empty.
      expect(await operator.request("nodewatch.turn", { sessionKey: "node" })).toEqual(queued);
      expect(((await operator.request("status", {})) as Status).gateway.systemEvents.node).toBeUndefined();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "the original `approvals allowlist add|remove --gateway` and `approvals get --gateway` edit our gateway's own approvals file",
    async () => {
      type Snapshot = { path: string; hash: string; file: { agents?: Record<string, { allowlist?: { pattern: string }[] }> } };
      const added = await cli(["approvals", "allowlist", "add", "--gateway", "--agent", "main", "/usr/bin/uptime", "--json"]);
      expect(added.code, added.stderr).toBe(0);
      const addedSnapshot = JSON.parse(added.stdout) as Snapshot;
      expect(addedSnapshot.path).toBe(join(box.state, "exec-approvals.json"));
      expect(addedSnapshot.file.agents?.main?.allowlist?.map((e) => e.pattern)).toEqual(["/usr/bin/uptime"]);
      const got = await cli(["approvals", "get", "--gateway", "--json"]);
      expect(got.code, got.stderr).toBe(0);
      expect(JSON.parse(got.stdout)).toEqual(addedSnapshot);
      expect(((await operator.request("exec.approvals.get", {})) as Snapshot).hash).toBe(addedSnapshot.hash);
      const removed = await cli(["approvals", "allowlist", "remove", "--gateway", "--agent", "main", "/usr/bin/uptime", "--json"]);
      expect(removed.code, removed.stderr).toBe(0);
      expect(((await operator.request("exec.approvals.get", {})) as Snapshot).file.agents?.main?.allowlist ?? []).toEqual([]);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "our `clawd approvals allow|get|remove --node` edit the original node host's own approvals file through our gateway",
    async () => {
      const ours = (args: string[]) => runCli([...args, "--port", String(port)], box.env());
      const added = await ours(["approvals", "allow", "/usr/bin/id", "--agent", "main", "--node", "ci-node"]);
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).toContain("Allowed /usr/bin/id for agent main on node ci-node.");
      const viaNode = (await operator.request("exec.approvals.node.get", { nodeId })) as {
        file: { agents?: Record<string, { allowlist?: { pattern: string }[] }> };
      };
      expect(viaNode.file.agents?.main?.allowlist?.map((e) => e.pattern)).toContain("/usr/bin/id");
      const got = await ours(["approvals", "get", "--node", "ci-node"]);
      expect(got.code, got.stderr).toBe(0);
      expect(got.stdout).toMatch(/main +\/usr\/bin\/id +never/);
      // The gateway's own file is a different one.
      expect(
        ((await operator.request("exec.approvals.get", {})) as { file: { agents?: Record<string, { allowlist?: { pattern: string }[] }> } }).file.agents?.main
          ?.allowlist ?? [],
      ).toEqual([]);
      const removed = await ours(["approvals", "remove", "/usr/bin/id", "--agent", "main", "--node", "ci-node"]);
      expect(removed.code, removed.stderr).toBe(0);
    },
    STEP_TIMEOUT_MS,
  );
});
