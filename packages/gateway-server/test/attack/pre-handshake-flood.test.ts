// Attack: sockets that open and never handshake. Named caps refuse the excess with 503 before
// the upgrade, and the owner still connects once the flood's sockets are gone.
import { describe, expect, it } from "vitest";
import type { GatewayLogger } from "../../src/index.js";
import { connectClient, openClient, type RawClient, startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "../harness.js";
import { rawRequest, upgradeHead } from "./raw-http.js";
import "../unhandled.js";

describe.each(TRANSPORTS)("pre-handshake flood over %s", (transport) => {
  const run = transport === "uws" && !UWS_LOADS ? describe.skip : describe;
  run(transportLabel(transport), () => {
    it("refuses upgrades past maxPendingHandshakesPerSource with 503; a handshake frees a slot", async () => {
      const lines: string[] = [];
      const logger: GatewayLogger = { debug() {}, info() {}, error() {}, warn: (m) => void lines.push(m) };
      const server = await startServer(transport, { maxPendingHandshakesPerSource: 20, logger });
      const flood: RawClient[] = [];
      for (let i = 0; i < 20; i++) flood.push(await openClient(server));
      const refused = await rawRequest(server.port, upgradeHead());
      expect(refused.status).toBe("HTTP/1.1 503 Service Unavailable");
      expect(refused.body).toBe("20 connections from 127.0.0.1 are still in their handshake, the limit (maxPendingHandshakesPerSource); retry later\n");
      expect(server.stats().upgradesRefused).toBe(1);
      expect(lines).toEqual(['gateway connection_refused: ip=127.0.0.1 client="" clientMode="" auth=none reason=maxPendingHandshakesPerSource']);
      // One flood socket completes its handshake: it no longer counts as pending.
      const first = flood[0] as RawClient;
      await first.event("connect.challenge");
      expect((await first.request("c", "connect", { minProtocol: 3, maxProtocol: 3, client: { id: "test", version: "1", platform: "linux", mode: "test" } })).ok).toBe(true);
      expect((await rawRequest(server.port, upgradeHead())).status).toBe("HTTP/1.1 101 Switching Protocols");
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
