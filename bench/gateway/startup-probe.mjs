// Startup probe, one fresh process per measurement: time to import the server package, then
// from startGatewayServer() to listening, and to the first connection that completed the
// handshake (a raw `ws` client in this process). Usage: node startup-probe.mjs <uws|ws>
import { performance } from "node:perf_hooks";
import { randomUUID } from "node:crypto";

const transport = process.argv[2];
const t0 = performance.now();
const { startGatewayServer } = await import("@clawd/gateway-server");
const WebSocket = (await import("ws")).default;
const t1 = performance.now();
const server = await startGatewayServer({ port: 0, transport, logger: { debug() {}, info() {}, warn() {}, error() {} } });
const t2 = performance.now();
await new Promise((resolve, reject) => {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}`, { perMessageDeflate: false });
  ws.on("error", reject);
  ws.once("message", () => {
    const params = {
      minProtocol: 3,
      maxProtocol: 3,
      client: { id: "gateway-client", version: "bench", platform: process.platform, mode: "probe" },
      role: "operator",
      scopes: ["operator.read"],
    };
    ws.send(JSON.stringify({ type: "req", id: randomUUID(), method: "connect", params }));
    ws.once("message", (data) => {
      if (!JSON.parse(data.toString()).ok) reject(new Error(`connect rejected: ${data}`));
      ws.close();
      resolve();
    });
  });
});
const t3 = performance.now();
process.send({ type: "startup", transport: server.transport, importMs: t1 - t0, listenMs: t2 - t1, firstHelloMs: t3 - t1 });
await server.close();
process.exit(0);
