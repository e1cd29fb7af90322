// Baseline: a plain `ws` server doing the upstream broadcast loop (for each client: check
// bufferedAmount, send the pre-serialized frame). No handshake: clients count as
// subscribed once open. Used by bench/gateway to compare server CPU and memory.
import { WebSocketServer } from "ws";

/** Maximum bytes buffered on a socket before a frame is skipped (the upstream threshold). */
export const MAX_BUFFERED_BYTES = 1.5 * 1024 * 1024;

/** Starts the baseline on 127.0.0.1:`port` (0 = free port). */
export async function startWsBroadcastServer({ port = 0 } = {}) {
  const wss = new WebSocketServer({ port, host: "127.0.0.1", perMessageDeflate: false, clientTracking: true });
  await new Promise((resolve, reject) => {
    wss.once("listening", resolve);
    wss.once("error", reject);
  });
  wss.on("connection", (ws) => ws.on("error", () => {}));
  return {
    port: wss.address().port,
    connections: () => wss.clients.size,
    /** Sends `frame` (a string) to every open client. */
    broadcast(frame) {
      for (const ws of wss.clients) {
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) continue;
        ws.send(frame);
      }
    },
    close: () =>
      new Promise((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}
