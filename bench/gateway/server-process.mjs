// One server under test, in its own process: our gateway (uws or ws transport), the plain
// `ws` baseline, or bare uWS. It reports its port, then on command broadcasts, and reports
// its CPU time and memory. Usage: fork with argv [kind]; run with --expose-gc.
import { getHeapSpaceStatistics } from "node:v8";
import { serveCommands } from "./child.mjs";
import { fanoutFrame, FANOUT_EVENT, fanoutPayload } from "./frame-size.mjs";

const kind = process.argv[2];
/** Tick interval for the benchmark gateway: long, so no tick lands inside a measurement. */
const BENCH_TICK_INTERVAL_MS = 3_600_000;
/** In-flight cap for the benchmark gateway, above the pipelined scenario's 1,000. */
const BENCH_MAX_IN_FLIGHT_REQUESTS = 2_048;

async function startServer() {
  if (kind === "gateway-uws" || kind === "gateway-ws") {
    const { startGatewayServer } = await import("@clawd/gateway-server");
    const transport = kind === "gateway-uws" ? "uws" : "ws";
    const server = await startGatewayServer({
      port: 0,
      transport,
      tickIntervalMs: BENCH_TICK_INTERVAL_MS,
      maxInFlightRequests: BENCH_MAX_IN_FLIGHT_REQUESTS,
      logger: { debug() {}, info() {}, warn() {}, error: (m) => console.error(`[${kind}] ${m}`) },
    });
    return {
      port: server.port,
      transport: server.transport,
      detail: server.transportDetail,
      connections: () => server.stats().connections,
      broadcast: (size) => server.broadcast(FANOUT_EVENT, fanoutPayload(size)),
      close: () => server.close(),
    };
  }
  if (kind === "ws-baseline") {
    const { startWsBroadcastServer } = await import("../baselines/ws-broadcast.mjs");
    const s = await startWsBroadcastServer();
    let seq = 0;
    return { ...s, transport: "ws", detail: "plain ws broadcast loop", broadcast: (size) => s.broadcast(fanoutFrame(size, ++seq)) };
  }
  if (kind === "uws-bare") {
    const { startUwsPublishServer } = await import("../baselines/uws-publish.mjs");
    const s = await startUwsPublishServer();
    let seq = 0;
    return { ...s, transport: "uws", detail: `bare uWS publish, ${s.build}`, broadcast: (size) => s.broadcast(fanoutFrame(size, ++seq)) };
  }
  throw new Error(`unknown server kind ${kind}`);
}

const server = await startServer();
let mark = process.cpuUsage();

function memory() {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  // V8's young generation grows during a burst of allocation and shrinks only after some idle
  // time: reported so the table shows how much of an RSS delta is that reservation.
  const youngGen = getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_size ?? 0;
  return { rss: m.rss, heapUsed: m.heapUsed, youngGen };
}

process.send({ type: "ready", port: server.port, transport: server.transport, detail: server.detail });

serveCommands(async (cmd) => {
  switch (cmd.cmd) {
    case "mark":
      mark = process.cpuUsage();
      return { type: "marked" };
    case "broadcast":
      for (let i = 0; i < cmd.count; i++) server.broadcast(cmd.size);
      return { type: "broadcasted" };
    case "cpu": {
      const d = process.cpuUsage(mark);
      return { type: "cpu", cpuUs: d.user + d.system };
    }
    case "mem":
      return { type: "mem", ...memory(), connections: server.connections() };
    case "exit":
      await server.close();
      return undefined;
    default:
      throw new Error(`unknown command ${cmd.cmd}`);
  }
});
