// Idle memory: server RSS per connection with 10,000 handshaken connections held open by
// several client processes.
//
// Two moments are measured, because V8 makes them differ:
// - right after the connect burst (500 ms after the last handshake): V8 has grown its young
//   generation to its maximum (32 MiB) while the burst's objects survived scavenges;
// - idle: once that is given back. V8's memory reducer shrinks the young generation a few
//   seconds after a full GC with little allocation; the bench polls (each sample forces two
//   full GCs, as every sample here does) until the young generation is back near its size
//   before the burst and RSS has stopped moving, up to SETTLE_LIMIT_MS.
// The target is judged on idle, the state a gateway holding idle connections stays in.
import { startLoadClients, startServerChild, SERVER_KINDS } from "./fanout.mjs";
import { formatRatio, formatSpread, printTable, summarize } from "./stats.mjs";
import { buildNote } from "./uws-build.mjs";

/** Target from the issue, bytes of server RSS per idle connection on uWS. */
export const TARGET_BYTES_PER_CONNECTION = 2 * 1024;
/** Wait after the burst before the "after burst" sample, ms. */
const AFTER_BURST_MS = 500;
/** Poll interval and cap while waiting for the idle state, ms. */
const SETTLE_POLL_MS = 1_000;
const SETTLE_LIMIT_MS = 30_000;
/** RSS counts as steady when consecutive polls differ by less than this fraction. */
const RSS_STEADY_FRACTION = 0.01;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const MiB = 2 ** 20;

/**
 * Polls until the young generation is back near its pre-burst size and RSS has held still
 * for two polls since (the pages are released a little after the space shrinks).
 */
async function settle(server, before) {
  const started = Date.now();
  let previous = await server.child.request({ cmd: "mem" }, "mem");
  let steadyPolls = 0;
  for (;;) {
    await sleep(SETTLE_POLL_MS);
    const now = await server.child.request({ cmd: "mem" }, "mem");
    if (process.env.BENCH_DEBUG)
      console.error(`    settle ${Date.now() - started} ms: rss ${(now.rss / MiB).toFixed(1)} MiB, young ${(now.youngGen / MiB).toFixed(0)} MiB`);
    const youngBack = now.youngGen <= before.youngGen + MiB && previous.youngGen <= before.youngGen + MiB;
    const steady = Math.abs(now.rss - previous.rss) < RSS_STEADY_FRACTION * previous.rss;
    steadyPolls = youngBack && steady ? steadyPolls + 1 : 0;
    const settled = steadyPolls >= 2;
    if (settled || Date.now() - started >= SETTLE_LIMIT_MS) return { ...now, settledMs: Date.now() - started, settled };
    previous = now;
  }
}

/** One server process, one burst of `connections`, both samples. */
async function measureOnce(kind, connections, clientProcesses, builds) {
  const server = await startServerChild(kind);
  if (server.transport === "uws") builds[kind] = server.detail;
  try {
    const before = await server.child.request({ cmd: "mem" }, "mem");
    await server.child.request({ cmd: "mark" }, "marked");
    const load = await startLoadClients(server.url, connections, clientProcesses, kind.startsWith("gateway"));
    // Server CPU for accepting (and, for the gateway, handshaking) the whole burst.
    const { cpuUs } = await server.child.request({ cmd: "cpu" }, "cpu");
    try {
      await sleep(AFTER_BURST_MS);
      const burst = await server.child.request({ cmd: "mem" }, "mem");
      const idle = await settle(server, before);
      const open = load.open.reduce((a, b) => a + b, 0);
      const perConn = (m, key) => (m[key] - before[key]) / open;
      return {
        open,
        acceptUs:
          cpuUs /
          Math.max(
            1,
            load.open.reduce((a, b) => a + b, 0),
          ),
        serverCount: idle.connections,
        before,
        burst: perConn(burst, "rss"),
        idle: perConn(idle, "rss"),
        heap: perConn(idle, "heapUsed"),
        young: [before.youngGen, burst.youngGen, idle.youngGen],
        settledMs: idle.settledMs,
        settled: idle.settled,
      };
    } finally {
      await server.child.stop();
      await load.stop();
    }
  } catch (error) {
    await server.child.stop();
    throw error;
  }
}

/** Measures RSS growth per connection for every server kind and prints the table. */
export async function runIdleMemory({ quick, clientProcesses }) {
  const connections = quick ? 5_000 : 10_000;
  const rounds = quick ? 1 : 3;
  const results = {};
  const notes = [];
  const builds = {};
  for (const kind of SERVER_KINDS) {
    const runs = [];
    for (let r = 0; r < rounds; r++) {
      const m = await measureOnce(kind, connections, clientProcesses, builds);
      if (!m.settled) notes.push(`${kind} round ${r + 1}: not settled after ${SETTLE_LIMIT_MS / 1000} s (young gen ${(m.young[2] / MiB).toFixed(0)} MiB)`);
      if (m.open < connections) notes.push(`${kind} round ${r + 1}: only ${m.open} of ${connections} connections opened`);
      console.error(
        `  idle ${kind}: ${m.open} connections, ${(m.burst / 1024).toFixed(2)} KiB/conn after the burst, ${(m.idle / 1024).toFixed(2)} KiB/conn idle (after ${(m.settledMs / 1000).toFixed(0)} s)`,
      );
      runs.push(m);
    }
    results[kind] = runs;
  }

  const kib = (runs, key) => formatSpread(runs.map((m) => m[key] / 1024));
  const med = (kind, key) => summarize(results[kind].map((m) => m[key])).median;
  const rows = SERVER_KINDS.map((kind) => {
    const runs = results[kind];
    const last = runs.at(-1);
    return [
      kind,
      last.open.toLocaleString("en-US"),
      String(last.serverCount),
      formatSpread(
        runs.map((m) => m.acceptUs),
        0,
      ),
      (last.before.rss / MiB).toFixed(1),
      kib(runs, "burst"),
      kib(runs, "idle"),
      formatSpread(
        runs.map((m) => m.settledMs / 1000),
        0,
      ),
      kib(runs, "heap"),
      last.young.map((y) => (y / MiB).toFixed(0)).join(" → "),
    ];
  });
  const uwsIdle = med("gateway-uws", "idle");
  const uwsMet = uwsIdle <= TARGET_BYTES_PER_CONNECTION;
  console.log(
    `### Idle memory: server RSS per connection at ${connections.toLocaleString("en-US")} connections (${clientProcesses} client processes, median of ${rounds} round${rounds > 1 ? "s" : ""}, min–max)\n`,
  );
  printTable(
    [
      "server",
      "connections",
      "server count",
      "server CPU µs/connection (burst)",
      "RSS before MiB",
      "KiB/conn after burst (+0.5 s)",
      "KiB/conn idle",
      "idle after s",
      "JS heap KiB/conn (idle)",
      "V8 young gen MiB (before → burst → idle)",
    ],
    rows,
  );
  console.log(
    `gateway (uWS) idle ${(uwsIdle / 1024).toFixed(2)} KiB/conn — target ≤ 2 KiB: ${uwsMet ? "met" : "NOT met"}; ` +
      `vs bare uWS ${formatRatio(uwsIdle, med("uws-bare", "idle"))}, vs ws baseline ${formatRatio(uwsIdle, med("ws-baseline", "idle"))}; ` +
      `right after the burst ${(med("gateway-uws", "burst") / 1024).toFixed(2)} KiB/conn (V8's young generation, given back once idle)\n`,
  );
  console.log(buildNote(builds));
  for (const n of notes) console.log(`- note: ${n}`);
  console.log("");
  return uwsMet;
}
