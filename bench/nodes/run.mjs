// bench/nodes: node.invoke round trip (operator → gateway → node → gateway → operator), p50/p99
// and gateway CPU per invoke, ours vs the original gateway with the same original node host;
// then our gateway's CPU per handshake with and without device signature verification.
import { createServer } from "node:net";
import { performance } from "node:perf_hooks";
import { connectGateway } from "@clawd/gateway-client";
import { deviceSigner, generateDeviceIdentity } from "@clawd/gateway-client/device";
import { formatSpread, percentile, printTable } from "../gateway/stats.mjs";
import { locateOriginal, processCpuUs, startGateway, startNodeHost } from "./processes.mjs";

/** Invokes per measured round, and rounds per gateway (the rounds' spread shows the noise). */
const INVOKES_PER_ROUND = 200;
const ROUNDS = 3;
/** Sequential handshakes per measured round. */
const HANDSHAKES_PER_ROUND = 200;
const TOKEN = "bench-nodes-token";

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function waitForNode(operator) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { nodes } = await operator.request("node.list", {});
    const node = nodes.find((n) => n.connected && n.displayName === "bench-node");
    if (node) return node.nodeId;
    if (Date.now() > deadline) throw new Error("the node host did not connect");
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function measureInvokes(kind, original) {
  const port = await freePort();
  const gateway = await startGateway(kind, port, TOKEN, original);
  const node = await startNodeHost(original, port, TOKEN);
  const operator = await connectGateway({ url: `ws://127.0.0.1:${port}`, token: TOKEN, clientName: "cli", mode: "cli", requestTimeoutMs: 30_000 });
  try {
    const nodeId = await waitForNode(operator);
    let key = 0;
    const invoke = () =>
      operator.request("node.invoke", { nodeId, command: "system.which", params: { bins: ["sh"] }, idempotencyKey: `bench-${kind}-${++key}` });
    for (let i = 0; i < 50; i++) await invoke(); // warm-up
    const out = { p50: [], p99: [], cpu: [] };
    for (let r = 0; r < ROUNDS; r++) {
      const latencies = [];
      const cpuBefore = processCpuUs(gateway.child.pid);
      for (let i = 0; i < INVOKES_PER_ROUND; i++) {
        const t = performance.now();
        await invoke();
        latencies.push(performance.now() - t);
      }
      out.cpu.push((processCpuUs(gateway.child.pid) - cpuBefore) / INVOKES_PER_ROUND);
      out.p50.push(percentile(latencies, 50));
      out.p99.push(percentile(latencies, 99));
    }
    return out;
  } finally {
    await operator.close();
    await node.stop();
    await gateway.stop();
  }
}

async function measureHandshakes() {
  const port = await freePort();
  const gateway = await startGateway("ours", port, TOKEN);
  const url = `ws://127.0.0.1:${port}`;
  const device = deviceSigner(generateDeviceIdentity());
  const plain = { url, token: TOKEN, clientName: "cli", mode: "cli", tickWatchdog: false };
  const kinds = { "token only": plain, "token + device signature": { ...plain, device } };
  try {
    await (await connectGateway(kinds["token + device signature"])).close(); // pairs the device once
    const out = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, options] of Object.entries(kinds)) {
        const cpuBefore = processCpuUs(gateway.child.pid);
        for (let i = 0; i < HANDSHAKES_PER_ROUND; i++) await (await connectGateway(options)).close();
        out[name].push((processCpuUs(gateway.child.pid) - cpuBefore) / HANDSHAKES_PER_ROUND);
      }
    }
    return out;
  } finally {
    await gateway.stop();
  }
}

const original = locateOriginal();
const invokes = {};
for (const kind of ["ours", "original"]) invokes[kind] = await measureInvokes(kind, original);
console.log(
  `node.invoke system.which round trip, ${ROUNDS} rounds × ${INVOKES_PER_ROUND} sequential invokes (median (min–max) over rounds); the same original node host; gateway CPU from /proc (10 ms ticks)\n`,
);
printTable(
  ["gateway", "p50 ms", "p99 ms", "gateway CPU µs/invoke"],
  Object.entries(invokes).map(([kind, m]) => [kind, formatSpread(m.p50), formatSpread(m.p99), formatSpread(m.cpu, 0)]),
);
const handshakes = await measureHandshakes();
console.log(`our gateway's CPU per handshake, ${ROUNDS} rounds × ${HANDSHAKES_PER_ROUND} sequential connects (interleaved), paired device\n`);
printTable(
  ["connect", "gateway CPU µs/handshake"],
  Object.entries(handshakes).map(([name, cpu]) => [name, formatSpread(cpu, 0)]),
);
