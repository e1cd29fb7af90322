// `clawd devices …` and `clawd nodes …` against our CLI-run gateway: the CLI acts as a paired
// device (identity and token in its state dir), a remote device asks to pair and is approved,
// and a node (the real @clawd/gateway-client with role node) answers `clawd nodes invoke`.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { connectGateway, type GatewayClient } from "@clawd/gateway-client";
import { deviceSigner, generateDeviceIdentity } from "@clawd/gateway-client/device";
import { type ForwardingProxy, startForwardingProxy } from "@clawd/test-kit/forwarding-proxy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliProcess, killAllClis, runCli, type Sandbox, startCli } from "./cli-process.js";
import { startSandboxGateway } from "./sandbox-gateway.js";

const TOKEN = "devices-nodes-token";
let box: Sandbox;
let gw: CliProcess;
let port: number;
let proxy: ForwardingProxy;
let node: GatewayClient | undefined;
const env = () => box.env({ CLAWD_GATEWAY_PORT: String(port) });
const nodeDevice = deviceSigner(generateDeviceIdentity());

beforeAll(async () => {
  // The forwarding proxy on loopback stands for a reverse proxy: trusted, so its X-Forwarded-For counts.
  ({ box, gw, port } = await startSandboxGateway({ gateway: { mode: "local", auth: { token: TOKEN }, trustedProxies: ["127.0.0.1", "::1"] } }));
  proxy = await startForwardingProxy(port);
});
afterAll(async () => {
  await node?.close();
  await proxy?.close();
  gw.child.kill("SIGTERM");
  await gw.exited;
  await killAllClis();
  box.cleanup();
});

/** Connects the test node (through the proxy, so it must be approved first). */
const connectNode = () =>
  connectGateway({
    url: `ws://127.0.0.1:${proxy.port}`,
    token: TOKEN,
    clientName: "node-host",
    mode: "node",
    role: "node",
    displayName: "test-node",
    caps: ["system"],
    commands: ["system.which", "system.run"],
    device: nodeDevice,
  });

describe("clawd devices and clawd nodes", () => {
  it("lists devices as a paired device of its own, keeping its identity 0600 in the state dir", async () => {
    const r = await runCli(["devices", "list", "--json"], env());
    expect(r.code, r.stderr).toBe(0);
    const listed = JSON.parse(r.stdout) as { pending: unknown[]; paired: { deviceId: string; clientId: string }[] };
    const identity = JSON.parse(readFileSync(join(box.state, "identity", "device.json"), "utf8")) as { deviceId: string };
    expect(listed.paired).toEqual([expect.objectContaining({ deviceId: identity.deviceId, clientId: "cli" })]);
    expect(statSync(join(box.state, "identity", "device.json")).mode & 0o777).toBe(0o600);
    const auth = JSON.parse(readFileSync(join(box.state, "identity", "device-auth.json"), "utf8"));
    expect(auth.tokens.operator.token).toMatch(/^[0-9a-f]{32}$/);
  });

  it("shows a remote node's request in a table and approves it", async () => {
    await expect(connectNode()).rejects.toMatchObject({ code: "NOT_PAIRED" });
    const table = await runCli(["devices", "list"], env());
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Pending \(1\)\nrequest +device +name +client +role +ip +asked\n/);
    expect(table.stdout).toContain("test-node");
    expect(table.stdout).toContain("198.51.100.23");
    const requestId = (JSON.parse((await runCli(["devices", "list", "--json"], env())).stdout) as { pending: { requestId: string }[] }).pending[0]
      ?.requestId as string;
    const approved = await runCli(["devices", "approve", requestId], env());
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain(`Approved ${nodeDevice.id} (test-node) as node`);
    const again = await runCli(["devices", "approve", requestId], env());
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("unknown requestId");
  });

  it("lists, describes and invokes the node", async () => {
    node = await connectNode();
    node.on("node.invoke.request", (payload) => {
      const req = payload as { id: string; command: string; paramsJSON: string | null };
      const bins = (JSON.parse(req.paramsJSON ?? "{}") as { bins?: string[] }).bins ?? [];
      void node?.request("node.invoke.result", {
        id: req.id,
        nodeId: nodeDevice.id,
        ok: true,
        payloadJSON: JSON.stringify({ bins: Object.fromEntries(bins.map((b) => [b, `/usr/bin/${b}`])) }),
      });
    });
    const list = await runCli(["nodes", "list"], env());
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout.split("\n")[0]).toMatch(/^node +name +ip +platform +status +commands$/);
    expect(list.stdout).toContain("paired · connected");
    const described = await runCli(["nodes", "describe", "test-node", "--json"], env());
    expect(JSON.parse(described.stdout)).toMatchObject({ nodeId: nodeDevice.id, commands: ["system.run", "system.which"], connected: true });
    const invoked = await runCli(["nodes", "invoke", nodeDevice.id.slice(0, 8), "system.which", "--params", '{"bins":["sh"]}'], env());
    expect(invoked.code, invoked.stderr).toBe(0);
    expect(JSON.parse(invoked.stdout)).toEqual({ bins: { sh: "/usr/bin/sh" } });
  });

  it("refuses bad input before contacting the gateway, and unknown nodes with the known ones", async () => {
    const badParams = await runCli(["nodes", "invoke", "test-node", "system.which", "--params", "[1]"], env());
    expect(badParams.code).toBe(2);
    expect(badParams.stderr).toContain("Invalid --params: must be a JSON object");
    const noCommand = await runCli(["nodes", "invoke", "test-node"], env());
    expect(noCommand.code).toBe(2);
    const unknown = await runCli(["nodes", "describe", "nope"], env());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No node matches "nope".');
    expect(unknown.stderr).toContain(nodeDevice.id);
    const notAllowed = await runCli(["nodes", "invoke", "test-node", "camera.snap"], env());
    expect(notAllowed.code).toBe(1);
    expect(notAllowed.stderr).toContain("node command not allowed");
    const noRole = await runCli(["devices", "revoke", nodeDevice.id], env());
    expect(noRole.code).toBe(2);
  });

  it("shows exec approval requests as they arrive and answers one (clawd nodes approvals / approve-exec)", async () => {
    const watcher = startCli(["nodes", "approvals", "--timeout", "60000"], env());
    await watcher.waitFor("Waiting for exec approval requests");
    const requester = await connectGateway({ url: `ws://127.0.0.1:${port}`, token: TOKEN, scopes: ["operator.approvals"] });
    const asked = requester.request("exec.approval.request", { command: "echo from-test", host: "node", timeoutMs: 60_000 }, { timeoutMs: 60_000 });
    await watcher.waitFor(/answer: clawd nodes approve-exec (\S+)/);
    const id = /^(\S+) {2}echo from-test {2}\(host node\)/m.exec(watcher.stdout)?.[1] as string;
    expect(id).toBeTruthy();
    const badDecision = await runCli(["nodes", "approve-exec", id, "--decision", "maybe"], env());
    expect(badDecision.code).toBe(2);
    const answered = await runCli(["nodes", "approve-exec", id, "--decision", "deny"], env());
    expect(answered.code, answered.stderr).toBe(0);
    expect(answered.stdout).toContain(`Denied ${id} (deny)`);
    expect(await asked).toMatchObject({ id, decision: "deny" });
    watcher.child.kill("SIGINT");
    expect((await watcher.exited).code).toBe(0);
    await requester.close();
  });

  it("clawd node run serves system.which and allow-listed system.run to clawd nodes invoke, reporting each run to the session queue", async () => {
    const hostState = join(box.root, "node-host-state");
    const host = startCli(
      ["node", "run", "--display-name", "cli-node", "--allow", "echo"],
      box.env({ CLAWD_STATE_DIR: hostState, CLAWD_GATEWAY_PORT: String(port), CLAWD_GATEWAY_TOKEN: TOKEN }),
    );
    await host.waitFor("node host connected");
    const which = await runCli(["nodes", "invoke", "cli-node", "system.which", "--params", '{"bins":["sh","no-such-binary"]}'], env());
    expect(which.code, which.stderr).toBe(0);
    expect(JSON.parse(which.stdout)).toEqual({ bins: { sh: expect.stringMatching(/\/sh$/) } });
    const echoed = await runCli(["nodes", "invoke", "cli-node", "system.run", "--params", '{"command":["echo","from","node"]}'], env());
    expect(JSON.parse(echoed.stdout)).toMatchObject({ exitCode: 0, success: true, stdout: "from node\n" });
    const denied = await runCli(["nodes", "invoke", "cli-node", "system.run", "--params", '{"command":["ls","/"]}'], env());
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain("SYSTEM_RUN_DENIED: approval required");
    // Each run was reported (exec.finished, exec.denied) and queued for session "node", as the original's node host's are.
    const hostId = (JSON.parse(readFileSync(join(hostState, "identity", "device.json"), "utf8")) as { deviceId: string }).deviceId;
    await expect
      .poll(
        async () =>
          (JSON.parse((await runCli(["gateway", "call", "status", "--json"], env())).stdout) as { gateway: { systemEvents: Record<string, string[]> } }).gateway
            .systemEvents.node,
      )
      .toEqual([
        expect.stringMatching(new RegExp(`^Exec finished \\(node=${hostId} id=[\\w-]+, code 0\\)\\nfrom node$`)),
        expect.stringMatching(new RegExp(`^Exec denied \\(node=${hostId} id=[\\w-]+, approval-required\\): ls /$`)),
      ]);
    host.child.kill("SIGINT");
    expect((await host.exited).code).toBe(0);
    const offline = JSON.parse((await runCli(["nodes", "describe", "cli-node", "--json"], env())).stdout);
    expect(offline).toMatchObject({ displayName: "cli-node", paired: true, connected: false });
  });

  it("clawd approvals get|allow|remove edit the gateway's own exec approvals file; a concurrent change is refused", async () => {
    const empty = await runCli(["approvals", "get"], env());
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toContain(`Exec approvals of the gateway: ${join(box.state, "exec-approvals.json")}`);
    expect(empty.stdout).toContain("No allowlist entries. Add one with: clawd approvals allow <pattern>");
    const added = await runCli(["approvals", "allow", "/usr/bin/uname", "--agent", "main"], env());
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain("Allowed /usr/bin/uname for agent main on the gateway.");
    const twice = await runCli(["approvals", "allow", "/USR/bin/uname", "--agent", "main"], env());
    expect(twice.code).toBe(0);
    expect(twice.stdout).toContain("/USR/bin/uname is already allowed for agent main on the gateway.");
    expect((await runCli(["approvals", "allow", "~/bin/*"], env())).code).toBe(0);
    const table = await runCli(["approvals", "get"], env());
    expect(table.stdout).toMatch(/agent +pattern +last used\n[- ]+\nmain +\/usr\/bin\/uname +never\n\* +~\/bin\/\* +never/);
    // What the CLI wrote is what the gateway serves over RPC, token kept out of it.
    const op = await connectGateway({ url: `ws://127.0.0.1:${port}`, token: TOKEN, scopes: ["operator.admin"] });
    const snapshot = (await op.request("exec.approvals.get", {})) as { hash: string; file: { agents: Record<string, { allowlist: { pattern: string }[] }> } };
    expect(snapshot.file.agents.main?.allowlist.map((e) => e.pattern)).toEqual(["/usr/bin/uname"]);
    expect(JSON.parse((await runCli(["approvals", "get", "--json"], env())).stdout)).toEqual(snapshot);
    const removed = await runCli(["approvals", "remove", "/usr/bin/uname", "--agent", "main", "--json"], env());
    expect(removed.code, removed.stderr).toBe(0);
    expect((JSON.parse(removed.stdout) as { file: { agents: Record<string, { allowlist?: unknown[] }> } }).file.agents.main?.allowlist).toBeUndefined();
    const notThere = await runCli(["approvals", "remove", "/usr/bin/uname", "--agent", "main"], env());
    expect(notThere.code).toBe(2);
    expect(notThere.stderr).toContain("/usr/bin/uname is not in agent main's allowlist on the gateway.");
    expect((await runCli(["approvals", "allow"], env())).code).toBe(2);
    // Someone else saves with an old hash (a stale editor): refused with the gateway's message.
    const stale = await op.request("exec.approvals.set", { file: { version: 1 }, baseHash: snapshot.hash }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(stale).toMatchObject({ message: "exec approvals changed since last load; re-run exec.approvals.get and retry" });
    await op.close();
  });

  it("revokes the node's token", async () => {
    const r = await runCli(["devices", "revoke", nodeDevice.id, "--role", "node"], env());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Revoked the node token of ${nodeDevice.id}`);
    const listed = JSON.parse((await runCli(["devices", "list", "--json"], env())).stdout) as {
      paired: { deviceId: string; tokens: { role: string; revokedAtMs?: number }[] }[];
    };
    expect(listed.paired.find((d) => d.deviceId === nodeDevice.id)?.tokens).toEqual([
      expect.objectContaining({ role: "node", revokedAtMs: expect.any(Number) }),
    ]);
  });
});
