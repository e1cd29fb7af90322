// Baseline "the limit": bare uWebSockets.js with pub/sub. Every socket subscribes to one
// topic on open; a broadcast is a single `app.publish` that fans out in C++.
// The binding comes from the gateway's own loader, so bare uWS and the gateway run the same
// build; when none loads this throws (trufflesuite's entry would silently measure its
// `ws`-based JS fallback on Node 22+, which is not uWS).
import { describeLoaded, loadUws } from "@clawd/gateway-server";

const TOPIC = "all";
/** uWS backpressure cap per socket, in bytes (same order as the gateway's). */
export const MAX_BACKPRESSURE_BYTES = 64 * 1024 * 1024;

/** Starts bare uWS on 127.0.0.1:`port` (0 = free port). */
export async function startUwsPublishServer({ port = 0 } = {}) {
  const loaded = loadUws();
  if (!loaded.ok) {
    throw new Error(
      `bare uWS baseline: no uWebSockets.js binding loads on Node ${process.version} (${loaded.reasons.map((r) => `${r.candidate}: ${r.reason}`).join("; ")}); refusing to measure a JS fallback`,
    );
  }
  const uws = loaded.module;
  let open = 0;
  const app = uws.App().ws("/*", {
    compression: uws.DISABLED,
    maxPayloadLength: 512 * 1024,
    maxBackpressure: MAX_BACKPRESSURE_BYTES,
    idleTimeout: 0,
    open: (ws) => {
      open++;
      ws.subscribe(TOPIC);
    },
    close: () => {
      open--;
    },
  });
  const listenSocket = await new Promise((resolve, reject) =>
    app.listen("127.0.0.1", port, (token) => (token ? resolve(token) : reject(new Error(`uWS could not listen on ${port}`)))),
  );
  return {
    port: uws.us_socket_local_port(listenSocket),
    build: describeLoaded(loaded),
    connections: () => open,
    /** Publishes `frame` (a string) to every subscribed socket. */
    broadcast(frame) {
      app.publish(TOPIC, frame, false);
    },
    close: async () => {
      uws.us_listen_socket_close(listenSocket);
      app.close?.();
    },
  };
}
