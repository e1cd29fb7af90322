// Fan-out server process: our gateway with the bench plugin loaded by the same host the CLI
// uses. On command it sends N events either through the plugin's emit or server.broadcast,
// and reports its own CPU time for that burst.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startGatewayServer } from "@clawd/gateway-server";
import { loadPlugins } from "@clawd/gateway-plugin/host";

const silent = { debug() {}, info() {}, warn() {}, error: (m) => console.error(m) };
const server = await startGatewayServer({ port: 0, tickIntervalMs: 3_600_000, logger: silent });
await loadPlugins([{ module: fileURLToPath(new URL("./fanout-plugin.mjs", import.meta.url)) }], server, {
  baseDir: process.cwd(),
  stateRoot: mkdtempSync(join(tmpdir(), "clawd-bench-fanout-")),
  logger: silent,
});
const emit = globalThis.__benchFanoutEmit;
process.send({ type: "ready", url: server.urls[0], transport: server.transport });
process.on("message", async (msg) => {
  if (msg.cmd === "burst") {
    const payload = { text: "x".repeat(msg.size) };
    const before = process.cpuUsage();
    for (let i = 0; i < msg.count; i++) {
      if (msg.via === "plugin") emit(payload);
      else server.broadcast("fan.tick", payload);
    }
    const used = process.cpuUsage(before);
    const { eventsDropped, slowConsumersClosed, clients } = server.stats();
    process.send({ type: "burst", cpuUs: used.user + used.system, eventsDropped, slowConsumersClosed, clients });
  } else if (msg.cmd === "stop") {
    await server.close();
    process.exit(0);
  }
});
