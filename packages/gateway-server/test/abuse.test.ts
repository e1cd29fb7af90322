// Garbage in every field, before and after hello: the server answers or closes, never crashes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { connectClient, connectParams, openClient, startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "./harness.js";
import "./unhandled.js";

const junk = fc.oneof(fc.jsonValue(), fc.string(), fc.constant(undefined));
const frames = fc.record(
  {
    type: fc.oneof(fc.constant("req"), junk),
    id: junk,
    method: fc.oneof(fc.constant("connect"), fc.constant("health"), junk),
    params: fc.oneof(fc.constant(connectParams()), junk),
  },
  { requiredKeys: [] },
);

describe.each(TRANSPORTS)("abuse over %s", (transport) => {
  const run = transport === "uws" && !UWS_LOADS ? describe.skip : describe;
  run(transportLabel(transport), () => {
    it("survives random first frames and random frames after hello", async () => {
      const server = await startServer(transport, { handshakeTimeoutMs: 2000 });
      await fc.assert(
        fc.asyncProperty(frames, frames, async (first, later) => {
          const pre = await openClient(server);
          await pre.event("connect.challenge");
          pre.send(first);
          // Either a hello-ok or a close: wait for one of them.
          await pre.until(() => pre.closed ?? pre.frames.find((f) => f.type === "res"), "an answer to the first frame");
          const { client } = await connectClient(server);
          client.send(later);
          const health = await client.request("alive", "health");
          expect(health.ok).toBe(true);
          pre.terminate();
          client.terminate();
        }),
        { numRuns: 40 },
      );
      const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      expect(res.status).toBe(200);
      await res.text();
    });

    it("survives a burst of connections that vanish mid-handshake", async () => {
      const server = await startServer(transport);
      const clients = await Promise.all(Array.from({ length: 20 }, () => openClient(server)));
      for (const [i, client] of clients.entries()) {
        if (i % 2 === 0) client.send({ type: "req", id: "c", method: "connect", params: connectParams() });
        client.terminate();
      }
      const { client } = await connectClient(server);
      expect((await client.request("h", "health")).ok).toBe(true);
      await client.until(() => server.stats().connections === 1, "dead sockets to be reaped");
    });
  });
});
