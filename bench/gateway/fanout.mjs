// Fan-out: server CPU µs per delivered event, for our gateway (both transports), the plain
// `ws` broadcast loop, and bare uWS publish. Clients live in other processes and count.
import { Child } from "./child.mjs";
import { formatRatio, formatSpread, printTable, summarize } from "./stats.mjs";
import { buildNote } from "./uws-build.mjs";

export const SERVER_KINDS = ["gateway-uws", "gateway-ws", "ws-baseline", "uws-bare"];
/** Fan-out targets from the issue: ratios of gateway-uws CPU per message. */
export const TARGET_VS_BARE_UWS = 1.3;
export const TARGET_VS_WS_BASELINE = 0.6;
/** Messages in flight per window (events × clients); bounds every socket's buffer. */
const WINDOW_MESSAGES = 20_000;

/** Extra Node flags for every server process (e.g. the CLI's memory settings, to price them): env BENCH_SERVER_NODE_FLAGS. */
const SERVER_NODE_FLAGS = (process.env.BENCH_SERVER_NODE_FLAGS ?? "").split(" ").filter(Boolean);

/** Starts the server `kind` in its own process and resolves once it listens. */
export async function startServerChild(kind) {
  const child = new Child("./server-process.mjs", [kind], ["--expose-gc", ...SERVER_NODE_FLAGS]);
  const ready = await child.next("ready");
  return { child, ...ready, url: `ws://127.0.0.1:${ready.port}` };
}

/** Opens `total` connections spread over `processes` load-client processes. */
export async function startLoadClients(url, total, processes, handshake) {
  const per = Array.from({ length: processes }, (_, i) => Math.floor(total / processes) + (i < total % processes ? 1 : 0));
  const clients = per.map(() => new Child("./load-client.mjs"));
  await Promise.all(clients.map((c) => c.next("ready")));
  const results = await Promise.all(clients.map((c, i) => c.request({ cmd: "connect", url, count: per[i], handshake }, "connected")));
  const open = results.map((r) => r.open);
  const failed = results.reduce((s, r) => s + r.failed, 0);
  if (failed) console.error(`  ! ${failed} of ${total} connections failed: ${JSON.stringify(results.flatMap((r) => r.errors))}`);
  return { clients, open, stop: () => Promise.all(clients.map((c) => c.stop())) };
}

async function measureRound(server, load, events, size) {
  const k = Math.max(1, Math.floor(WINDOW_MESSAGES / load.open.reduce((a, b) => a + b, 0)));
  await Promise.all(load.clients.map((c) => c.request({ cmd: "reset" }, "reset")));
  await server.child.request({ cmd: "mark" }, "marked");
  let sent = 0;
  let timedOut = false;
  while (sent < events) {
    const batch = Math.min(k, events - sent);
    await server.child.request({ cmd: "broadcast", count: batch, size }, "broadcasted");
    sent += batch;
    const reached = await Promise.all(load.clients.map((c, i) => c.request({ cmd: "await", total: load.open[i] * sent }, "reached")));
    if (reached.some((r) => r.timedOut)) {
      timedOut = true;
      break;
    }
  }
  const { cpuUs } = await server.child.request({ cmd: "cpu" }, "cpu");
  const counts = await Promise.all(load.clients.map((c) => c.request({ cmd: "await", total: 0 }, "reached")));
  const delivered = counts.reduce((s, r) => s + r.received, 0);
  return { usPerMsg: cpuUs / delivered, delivered, expected: sent * load.open.reduce((a, b) => a + b, 0), timedOut };
}

/** Runs the fan-out matrix and prints its table; returns whether the targets were met. */
export async function runFanout({ quick, clientProcesses }) {
  const clientCounts = [1_000, 5_000];
  const sizes = [64, 1024];
  const rounds = quick ? 3 : 5;
  const messagesPerRound = quick ? 100_000 : 120_000;
  const results = {};
  const notes = [];
  const builds = {};
  // Rounds are interleaved: each round starts every server kind afresh, one after the other,
  // so a change in the machine's load during the run hits all kinds alike and the ratios
  // compare neighbours in time, not the first kind's minutes with the last kind's.
  for (const clients of clientCounts) {
    const events = Math.max(1, Math.round(messagesPerRound / clients));
    for (let r = 0; r < rounds; r++) {
      for (const kind of SERVER_KINDS) {
        const server = await startServerChild(kind);
        const handshake = kind.startsWith("gateway");
        const load = await startLoadClients(server.url, clients, clientProcesses, handshake);
        try {
          for (const size of sizes) {
            await measureRound(server, load, Math.min(events, 20), size); // warm-up
            const m = await measureRound(server, load, events, size);
            if (m.timedOut || m.delivered < m.expected) notes.push(`${kind} ${clients}×${size}B round ${r + 1}: delivered ${m.delivered}/${m.expected}`);
            (results[`${kind}/${clients}/${size}`] ??= []).push(m.usPerMsg);
          }
        } finally {
          await server.child.stop();
          await load.stop();
        }
        if (server.transport === "uws") builds[kind] = server.detail;
        if (kind === "gateway-uws" && server.transport !== "uws" && r === 0) notes.push(`gateway-uws fell back to ${server.transport}: ${server.detail}`);
      }
    }
    for (const kind of SERVER_KINDS) {
      for (const size of sizes) console.error(`  fan-out ${kind} ${clients} clients ${size} B: ${formatSpread(results[`${kind}/${clients}/${size}`])} µs/msg`);
    }
  }

  console.log(`### Fan-out: server CPU µs per delivered message (median of ${rounds} interleaved rounds, min–max)\n`);
  const rows = [];
  let met = true;
  for (const clients of clientCounts) {
    for (const size of sizes) {
      const med = (kind) => summarize(results[`${kind}/${clients}/${size}`]).median;
      const vsUws = med("gateway-uws") / med("uws-bare");
      const vsWs = med("gateway-uws") / med("ws-baseline");
      const ok = vsUws <= TARGET_VS_BARE_UWS && vsWs <= TARGET_VS_WS_BASELINE;
      met &&= ok;
      rows.push([
        clients.toLocaleString("en-US"),
        size === 1024 ? "1 KiB" : `${size} B`,
        ...SERVER_KINDS.map((k) => formatSpread(results[`${k}/${clients}/${size}`])),
        formatRatio(med("gateway-uws"), med("uws-bare")),
        formatRatio(med("gateway-uws"), med("ws-baseline")),
        formatRatio(med("gateway-ws"), med("ws-baseline")),
        ok ? "yes" : "no",
      ]);
    }
  }
  printTable(
    [
      "clients",
      "event",
      "gateway (uWS)",
      "gateway (ws)",
      "ws baseline",
      "bare uWS",
      `gw uWS ÷ bare uWS (≤ ${TARGET_VS_BARE_UWS}×)`,
      `gw uWS ÷ ws baseline (≤ ${TARGET_VS_WS_BASELINE}×)`,
      "gw ws ÷ ws baseline",
      "targets met",
    ],
    rows,
  );
  console.log(buildNote(builds));
  for (const n of notes) console.log(`- note: ${n}`);
  console.log("");
  return met;
}
