// Fan-out receivers in their own process: K connections counting `fan.tick` events.
import { connectGateway } from "@clawd/gateway-client";

let clients = [];
let received = 0;
let waiting;
process.on("message", async (msg) => {
  if (msg.cmd === "connect") {
    clients = await Promise.all(Array.from({ length: msg.connections }, () => connectGateway({ url: msg.url, reconnect: false })));
    for (const c of clients)
      c.on("fan.tick", () => {
        received++;
        if (waiting && received >= waiting.target) {
          const done = waiting;
          waiting = undefined;
          done.resolve();
        }
      });
    process.send({ type: "connected" });
  } else if (msg.cmd === "expect") {
    // Answers once every connection got `count` more events, or after timeoutMs with how many are missing.
    const target = received + msg.count * clients.length;
    // The runner starts the burst only after this, so no event of it is counted before the target is set.
    process.send({ type: "armed" });
    const timer = setTimeout(() => waiting?.resolve(), msg.timeoutMs);
    await new Promise((resolve) => {
      waiting = { target, resolve };
      if (received >= target) resolve();
    });
    clearTimeout(timer);
    waiting = undefined;
    process.send({ type: "received", missing: Math.max(0, target - received) });
    received = target; // late arrivals of a timed-out burst must not count for the next one
  } else if (msg.cmd === "stop") {
    await Promise.all(clients.map((c) => c.close()));
    process.exit(0);
  }
});
process.send({ type: "ready" });
