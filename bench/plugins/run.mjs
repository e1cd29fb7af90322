#!/usr/bin/env node
// `pnpm bench plugins` (or `node bench/plugins/run.mjs [--quick]`): what a plugin costs.
// 1. Method call overhead: a plugin method vs the built-in `last-heartbeat` (both answer null),
//    server CPU per request of the CLI-started gateway process, rounds interleaved in one run.
// 2. Event fan-out: a plugin event's emit vs server.broadcast, same server, same payload.
// 3. Cold start of the CLI gateway with 0 vs 10 plugins (spawn → /healthz answers).
import { fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { connectGateway } from "@clawd/gateway-client";
import { formatRatio, formatSpread, printTable, summarize } from "../gateway/stats.mjs";
import { startCliGateway } from "./cli-gateway.mjs";

const quick = process.argv.includes("--quick");
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
/** Requests per round and kind, spread over the connections. */
const REQUESTS_PER_ROUND = quick ? 3_000 : 6_000;
const CONNECTIONS = 4;
/** Requests in flight per connection (the gateway's default cap is 32). */
const WINDOW = 24;
const ROUNDS = quick ? 4 : 10;
const FANOUT_CLIENTS = 50;
const FANOUT_EVENTS = quick ? 200 : 400;
const FANOUT_PAYLOAD_BYTES = 256;
/** How long the receivers may take to get one burst before it counts as lost. */
const FANOUT_DELIVERY_TIMEOUT_MS = 5_000;
const STARTUP_ROUNDS = quick ? 3 : 5;
const STARTUP_PLUGINS = 10;

async function pump(clients, method, total) {
  const per = Math.ceil(total / clients.length);
  // WINDOW lanes per connection, each sending the next request when its answer arrives.
  await Promise.all(
    clients.map(async (c) => {
      let sent = 0;
      const lane = async () => {
        while (sent < per) {
          sent++;
          await c.request(method, {});
        }
      };
      await Promise.all(Array.from({ length: WINDOW }, lane));
    }),
  );
}

async function methodOverhead() {
  const gw = await startCliGateway([{ module: here("./bench-plugin.mjs") }]);
  const clients = await Promise.all(Array.from({ length: CONNECTIONS }, () => connectGateway({ url: gw.url, reconnect: false })));
  const kinds = { "built-in last-heartbeat": "last-heartbeat", "plugin bench.noop": "bench.noop" };
  const cpu = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
  const ratios = [];
  try {
    for (const method of Object.values(kinds)) await pump(clients, method, REQUESTS_PER_ROUND / 4); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? Object.keys(kinds) : Object.keys(kinds).reverse();
      const round = {};
      for (const kind of order) {
        const before = await clients[0].request("bench.cpu");
        await pump(clients, kinds[kind], REQUESTS_PER_ROUND);
        round[kind] = ((await clients[0].request("bench.cpu")) - before) / REQUESTS_PER_ROUND;
        cpu[kind].push(round[kind]);
      }
      ratios.push(round["plugin bench.noop"] / round["built-in last-heartbeat"]);
    }
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await gw.stop();
  }
  const base = summarize(cpu["built-in last-heartbeat"]).median;
  console.log(
    `### Method call: server CPU per request of the CLI gateway (${REQUESTS_PER_ROUND} requests × ${ROUNDS} rounds, ${CONNECTIONS} connections × ${WINDOW} in flight; median, min–max)\n`,
  );
  printTable(
    ["method", "server CPU µs/request", "vs built-in"],
    Object.entries(cpu).map(([k, v]) => [k, formatSpread(v, 1), formatRatio(summarize(v).median, base)]),
  );
  const ratio = summarize(ratios);
  console.log(`per-round ratio plugin/built-in: ${formatSpread(ratios, 3)} — target ≤ 1.10: ${ratio.median <= 1.1 ? "met" : "NOT met"}\n`);
  return ratio.median <= 1.1;
}

function childReady(child, type) {
  return new Promise((resolve, reject) => {
    const onExit = (code) => reject(new Error(`child exited ${code} before ${type}`));
    const onMsg = (m) => {
      if (m.type !== type) return;
      child.off("message", onMsg);
      child.off("exit", onExit);
      resolve(m);
    };
    child.on("message", onMsg);
    child.once("exit", onExit);
  });
}

async function fanout() {
  const server = fork(here("./fanout-server.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const { url, transport } = await childReady(server, "ready");
  const receiver = fork(here("./receiver.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  await childReady(receiver, "ready");
  receiver.send({ cmd: "connect", url, connections: FANOUT_CLIENTS });
  await childReady(receiver, "connected");
  const cpu = { "server.broadcast": [], "plugin emit": [] };
  const ratios = [];
  let missing = 0;
  let serverStats = {};
  const burst = async (via, count = FANOUT_EVENTS) => {
    const armed = childReady(receiver, "armed");
    const got = childReady(receiver, "received");
    receiver.send({ cmd: "expect", count, timeoutMs: FANOUT_DELIVERY_TIMEOUT_MS });
    await armed;
    const res = childReady(server, "burst");
    server.send({ cmd: "burst", via: via === "plugin emit" ? "plugin" : "broadcast", count, size: FANOUT_PAYLOAD_BYTES });
    const { cpuUs, eventsDropped, slowConsumersClosed, clients } = await res;
    const delivered = await got;
    serverStats = { eventsDropped, slowConsumersClosed, clients };
    return { perEvent: cpuUs / count, missing: delivered.missing };
  };
  try {
    await burst("server.broadcast");
    await burst("plugin emit");
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? Object.keys(cpu) : Object.keys(cpu).reverse();
      const round = {};
      for (const via of order) {
        const b = await burst(via);
        missing += b.missing;
        cpu[via].push((round[via] = b.perEvent));
      }
      ratios.push(round["plugin emit"] / round["server.broadcast"]);
    }
  } finally {
    receiver.send({ cmd: "stop" });
    server.send({ cmd: "stop" });
  }
  const base = summarize(cpu["server.broadcast"]).median;
  console.log(
    `### Event fan-out: server CPU per event to ${FANOUT_CLIENTS} clients (${transport}; ${FANOUT_EVENTS} events of ${FANOUT_PAYLOAD_BYTES} B × ${ROUNDS} rounds; median, min–max)\n`,
  );
  printTable(
    ["sent with", "server CPU µs/event", "vs server.broadcast"],
    Object.entries(cpu).map(([k, v]) => [k, formatSpread(v, 1), formatRatio(summarize(v).median, base)]),
  );
  const ratio = summarize(ratios);
  console.log(
    `per-round ratio plugin/broadcast: ${formatSpread(ratios, 3)} — target ≤ 1.05: ${ratio.median <= 1.05 ? "met" : "NOT met"}; events not delivered in the measured rounds: ${missing}; server: ${JSON.stringify(serverStats)}\n`,
  );
  return ratio.median <= 1.05;
}

async function coldStart() {
  const dir = mkdtempSync(join(tmpdir(), "clawd-bench-many-"));
  const template = readFileSync(here("./many-plugin.mjs"), "utf8");
  const many = Array.from({ length: STARTUP_PLUGINS }, (_, i) => {
    const file = join(dir, `p${i}.mjs`);
    writeFileSync(file, template.replace('"NAME"', `"plugin-${i}"`));
    return { module: file };
  });
  const ms = { 0: [], [STARTUP_PLUGINS]: [] };
  try {
    for (let r = 0; r < STARTUP_ROUNDS; r++) {
      for (const n of r % 2 === 0 ? [0, STARTUP_PLUGINS] : [STARTUP_PLUGINS, 0]) {
        const gw = await startCliGateway(n === 0 ? [] : many);
        ms[n].push(gw.readyMs);
        await gw.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`### Cold start of the CLI gateway: spawn → /healthz answers (${STARTUP_ROUNDS} rounds interleaved; median, min–max)\n`);
  printTable(
    ["plugins", "ms", "vs 0 plugins"],
    Object.entries(ms).map(([n, v]) => [n, formatSpread(v, 0), formatRatio(summarize(v).median, summarize(ms[0]).median)]),
  );
}

console.log(
  `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim()}), load average ${(await import("node:os"))
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}${quick ? ", --quick" : ""}\n`,
);
const only = process.argv
  .find((a) => a.startsWith("--only="))
  ?.slice(7)
  .split(",") ?? ["method", "fanout", "startup"];
const met = [];
if (only.includes("method")) met.push(["method call overhead ≤ 1.10×", await methodOverhead()]);
if (only.includes("fanout")) met.push(["event fan-out ≤ 1.05×", await fanout()]);
if (only.includes("startup")) await coldStart();
for (const [name, ok] of met) console.log(`- ${name}: ${ok ? "met" : "NOT met"}`);
