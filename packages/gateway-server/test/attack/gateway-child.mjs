// A real gateway process for the attack suite and `pnpm bench attack`: started with
// --expose-gc, it prints {port} on stdout and answers IPC requests for its heap and stats,
// so that a fuzzer in another process can check the server for leaks after the attack.
import { startGatewayServer } from "../../dist/index.js";

const [transport = "ws", optionsJson = "{}"] = process.argv.slice(2);
const server = await startGatewayServer({ port: 0, transport, ipv6Alias: false, closeGraceMs: 200, ...JSON.parse(optionsJson) });

/** Heap used after full collections (twice: the first may only finalize). */
function settledHeap() {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

process.on("message", async (msg) => {
  if (msg.cmd === "heap") process.send({ id: msg.id, heapUsed: settledHeap() });
  else if (msg.cmd === "stats") process.send({ id: msg.id, stats: server.stats() });
  else if (msg.cmd === "cpu") {
    const { user, system } = process.cpuUsage();
    process.send({ id: msg.id, cpuMicros: user + system });
  } else if (msg.cmd === "close") {
    await server.close();
    process.send({ id: msg.id, closed: true });
    process.exit(0);
  }
});
process.stdout.write(`${JSON.stringify({ port: server.port, transport: server.transport })}\n`);
