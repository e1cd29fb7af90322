// RPC: `health` requests/s, p50/p99 latency and server CPU per request, on both transports.
import { performance } from "node:perf_hooks";
import { Child } from "./child.mjs";
import { startServerChild } from "./fanout.mjs";
import { formatSpread, percentile, printTable } from "./stats.mjs";
import { buildNote } from "./uws-build.mjs";

const SCENARIOS = [
  { name: "sequential, 1 connection", processes: 1, connections: 1, requests: 2_000, mode: "sequential" },
  { name: "50 connections × 200", processes: 2, connections: 25, requests: 200, mode: "sequential" },
  { name: "1,000 pipelined, 1 connection", processes: 1, connections: 1, requests: 1_000, mode: "pipelined" },
];

async function runScenario(server, s, rounds) {
  const procs = Array.from({ length: s.processes }, () => new Child("./rpc-client.mjs"));
  try {
    await Promise.all(procs.map((p) => p.next("ready")));
    await Promise.all(procs.map((p) => p.request({ cmd: "connect", url: server.url, connections: s.connections }, "connected")));
    const go = () => Promise.all(procs.map((p) => p.request({ cmd: "go", mode: s.mode, requests: s.requests }, "done")));
    await go(); // warm-up
    const out = { rps: [], p50: [], p99: [], cpu: [], errors: 0 };
    for (let r = 0; r < rounds; r++) {
      await server.child.request({ cmd: "mark" }, "marked");
      const t = performance.now();
      const done = await go();
      const wallMs = performance.now() - t;
      const { cpuUs } = await server.child.request({ cmd: "cpu" }, "cpu");
      const latencies = done.flatMap((d) => d.latencies);
      out.errors += done.reduce((n, d) => n + d.errors, 0);
      out.rps.push(latencies.length / (wallMs / 1000));
      out.p50.push(percentile(latencies, 50));
      out.p99.push(percentile(latencies, 99));
      out.cpu.push(cpuUs / latencies.length);
    }
    return out;
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
  }
}

/** Runs the RPC scenarios against the gateway on both transports and prints the table. */
export async function runRpc({ quick }) {
  const rounds = quick ? 3 : 5;
  const rows = [];
  const builds = {};
  for (const kind of ["gateway-uws", "gateway-ws"]) {
    const server = await startServerChild(kind);
    if (server.transport === "uws") builds[kind] = server.detail;
    try {
      for (const s of SCENARIOS) {
        const r = await runScenario(server, s, rounds);
        console.error(`  rpc ${kind} ${s.name}: ${formatSpread(r.rps, 0)} req/s`);
        rows.push([
          `gateway (${server.transport})`,
          s.name,
          formatSpread(r.rps, 0),
          formatSpread(r.p50, 3),
          formatSpread(r.p99, 3),
          formatSpread(r.cpu, 1),
          String(r.errors),
        ]);
      }
    } finally {
      await server.child.stop();
    }
  }
  console.log("### RPC: `health` (median of rounds, min–max)\n");
  printTable(["server", "scenario", "requests/s", "p50 ms", "p99 ms", "server CPU µs/request", "errors"], rows);
  console.log(`${buildNote(builds)}\n`);
}
