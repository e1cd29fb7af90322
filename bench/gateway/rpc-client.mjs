// An RPC load process: opens N connections with @clawd/gateway-client, then on "go" sends
// `health` requests (sequential per connection, or all pipelined) and reports latencies.
import { performance } from "node:perf_hooks";
import { connectGateway } from "@clawd/gateway-client";
import { serveCommands } from "./child.mjs";

/** Per-request timeout for the benchmark, in ms: generous, so slowness shows as latency. */
const BENCH_REQUEST_TIMEOUT_MS = 60_000;
let clients = [];

async function sequential(client, count, latencies) {
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await client.request("health");
    latencies.push(performance.now() - t);
  }
}

async function pipelined(client, count, latencies) {
  await Promise.all(
    Array.from({ length: count }, () => {
      const t = performance.now();
      return client.request("health").then(() => latencies.push(performance.now() - t));
    }),
  );
}

serveCommands(async (cmd) => {
  switch (cmd.cmd) {
    case "connect":
      clients = await Promise.all(
        Array.from({ length: cmd.connections }, () => connectGateway({ url: cmd.url, requestTimeoutMs: BENCH_REQUEST_TIMEOUT_MS, tickWatchdog: false })),
      );
      return { type: "connected", open: clients.length };
    case "go": {
      const latencies = [];
      let errors = 0;
      const run = cmd.mode === "pipelined" ? pipelined : sequential;
      const t = performance.now();
      await Promise.all(clients.map((c) => run(c, cmd.requests, latencies).catch(() => errors++)));
      return { type: "done", latencies, errors, elapsedMs: performance.now() - t };
    }
    case "exit":
      await Promise.all(clients.map((c) => c.close()));
      return undefined;
    default:
      throw new Error(`unknown command ${cmd.cmd}`);
  }
});
process.send({ type: "ready" });
