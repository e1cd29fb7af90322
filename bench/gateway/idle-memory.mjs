// Idle memory: server RSS per connection with 10,000 handshaken connections held open by
// several client processes.
import { startLoadClients, startServerChild, SERVER_KINDS } from "./fanout.mjs";
import { formatRatio, printTable } from "./stats.mjs";

/** Target from the issue, bytes of server RSS per idle connection on uWS. */
export const TARGET_BYTES_PER_CONNECTION = 2 * 1024;

/** Measures RSS growth per connection for every server kind and prints the table. */
export async function runIdleMemory({ quick, clientProcesses }) {
  const connections = quick ? 5_000 : 10_000;
  const rows = [];
  const perConn = {};
  for (const kind of SERVER_KINDS) {
    const server = await startServerChild(kind);
    try {
      const before = await server.child.request({ cmd: "mem" }, "mem");
      const load = await startLoadClients(server.url, connections, clientProcesses, kind.startsWith("gateway"));
      try {
        await new Promise((r) => setTimeout(r, 500)); // let post-connect work settle
        const after = await server.child.request({ cmd: "mem" }, "mem");
        const open = load.open.reduce((a, b) => a + b, 0);
        const bytes = (after.rss - before.rss) / open;
        perConn[kind] = bytes;
        const heap = (after.heapUsed - before.heapUsed) / open;
        console.error(`  idle ${kind}: ${open} connections, ${(bytes / 1024).toFixed(2)} KiB RSS/conn`);
        rows.push([
          kind,
          open.toLocaleString("en-US"),
          String(after.connections),
          (before.rss / 2 ** 20).toFixed(1),
          (after.rss / 2 ** 20).toFixed(1),
          (bytes / 1024).toFixed(2),
          (heap / 1024).toFixed(2),
          `${(before.youngGen / 2 ** 20).toFixed(0)} → ${(after.youngGen / 2 ** 20).toFixed(0)}`,
        ]);
      } finally {
        await server.child.stop();
        await load.stop();
      }
    } catch (error) {
      await server.child.stop();
      throw error;
    }
  }
  const uwsMet = perConn["gateway-uws"] <= TARGET_BYTES_PER_CONNECTION;
  console.log(`### Idle memory: server RSS per connection at ${connections.toLocaleString("en-US")} connections (${clientProcesses} client processes)\n`);
  printTable(["server", "connections", "server count", "RSS before MiB", "RSS after MiB", "RSS KiB/conn", "JS heap KiB/conn", "V8 young gen MiB"], rows);
  console.log(
    `gateway (uWS) ${(perConn["gateway-uws"] / 1024).toFixed(2)} KiB/conn — target ≤ 2 KiB: ${uwsMet ? "met" : "NOT met"}; ` +
      `vs bare uWS ${formatRatio(perConn["gateway-uws"], perConn["uws-bare"])}, vs ws baseline ${formatRatio(perConn["gateway-uws"], perConn["ws-baseline"])}\n`,
  );
  return uwsMet;
}
