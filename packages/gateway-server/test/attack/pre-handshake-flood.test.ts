// Attack: sockets that open and never handshake. Past maxPendingHandshakesPerSource the
// oldest silent socket of that source is closed 1013, so the flood stays bounded and a client
// that handshakes still gets in; past maxConnections upgrades are refused with 503.
import { describe, expect, it } from "vitest";
import type { GatewayLogger } from "../../src/index.js";
import { connectClient, openClient, type RawClient, startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "../harness.js";
import { rawRequest, upgradeHead } from "./raw-http.js";
import "../unhandled.js";

describe.each(TRANSPORTS)("pre-handshake flood over %s", (transport) => {
  const run = transport === "uws" && !UWS_LOADS ? describe.skip : describe;
  run(transportLabel(transport), () => {
    it("past maxPendingHandshakesPerSource the oldest silent socket is closed 1013, and a new client still gets in", async () => {
      const lines: string[] = [];
      const logger: GatewayLogger = { debug() {}, info() {}, error() {}, warn: (m) => void lines.push(m) };
      const server = await startServer(transport, { maxPendingHandshakesPerSource: 20, logger });
      const flood: RawClient[] = [];
      for (let i = 0; i < 30; i++) flood.push(await openClient(server));
      // The ten oldest made room for the ten newest; twenty stay pending.
      for (const evicted of flood.slice(0, 10))
        expect(await evicted.closeInfo()).toEqual({ code: 1013, reason: "too many pending handshakes from this address; retry" });
      expect(flood.slice(10).every((c) => c.closed === undefined)).toBe(true);
      expect(server.stats().handshakesEvicted).toBe(10);
      expect(lines[0]).toBe('gateway connection_refused: ip=127.0.0.1 client="" clientMode="" auth=none reason=maxPendingHandshakesPerSource');
      // The owner's client connects while the flood holds its twenty sockets open.
      const { client, hello } = await connectClient(server);
      expect(hello.ok).toBe(true);
      expect((await client.request("h", "health")).ok).toBe(true);
    });

    it("refuses upgrades past maxConnections with 503, and accepts again once sockets close", async () => {
      const server = await startServer(transport, { maxConnections: 5 });
      const open: RawClient[] = [];
      for (let i = 0; i < 5; i++) open.push((await connectClient(server)).client);
      const refused = await rawRequest(server.port, upgradeHead());
      expect(refused.status).toBe("HTTP/1.1 503 Service Unavailable");
      expect(refused.body).toBe("the gateway has 5 connections, its limit (maxConnections); retry later\n");
      for (const c of open) c.terminate();
      const probe = open[0] as RawClient;
      await probe.until(() => server.stats().connections === 0, "the closed sockets to be counted out");
      expect((await connectClient(server)).hello.ok).toBe(true);
    });
  });
});
