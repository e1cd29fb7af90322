// Attack: a client that stops reading while events flow (its socket paused). The 50 clients
// that do read must get every event in order; the stalled one misses droppable events and
// is closed as a slow consumer on the first non-droppable one. (test/backpressure.test.ts
// covers the recovery cases.)
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { GatewayServer } from "../../src/index.js";
import { connectClient, connectParams, startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "../harness.js";
import "../unhandled.js";

const READERS = 50;
const EVENT_BYTES = 64 * 1024;
/** Our bound on the attack: events sent before the stalled socket must have become slow. */
const MAX_EVENTS = 2000;

/** Opens a handshaken reader that only records the seq of each `flood`/`final` event. */
async function openReader(server: GatewayServer): Promise<{ ws: WebSocket; seqs: number[]; closed: () => boolean }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/`, { maxPayload: 64 * 1024 * 1024 });
  const seqs: number[] = [];
  let closed = false;
  ws.on("close", () => (closed = true));
  ws.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.on("message", (data: Buffer) => {
      const head = data.subarray(0, 60).toString("latin1");
      if (head.includes('"event":"flood"') || head.includes('"event":"final"')) {
        const match = /"seq":(\d+)/.exec(data.subarray(data.length - 40).toString("latin1"));
        if (match) seqs.push(Number(match[1]));
      } else if (head.includes("connect.challenge")) ws.send(JSON.stringify({ type: "req", id: "c", method: "connect", params: connectParams() }));
      else if (head.startsWith('{"type":"res","id":"c"')) (head.includes('"ok":true') ? resolve : reject)();
    });
  });
  return { ws, seqs, closed: () => closed };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 4000 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe.each(TRANSPORTS)("stalled consumer over %s", (transport) => {
  const run = transport === "uws" && !UWS_LOADS ? describe.skip : describe;
  run(transportLabel(transport), () => {
    it(`${READERS} readers get every event in order while one client never reads`, async () => {
      const server = await startServer(transport);
      const readers = await Promise.all(Array.from({ length: READERS }, () => openReader(server)));
      const { client: stalled } = await connectClient(server);
      (stalled.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      const payload = { blob: "x".repeat(EVENT_BYTES) };
      const sent: number[] = [];
      while (server.stats().eventsDropped === 0 && sent.length < MAX_EVENTS) {
        sent.push(server.broadcast("flood", payload, { dropIfSlow: true }));
        await until(() => readers.every((r) => r.seqs.length >= sent.length - 4), "readers to keep up");
      }
      expect(server.stats().eventsDropped).toBeGreaterThan(0);
      sent.push(server.broadcast("final", { done: true }));
      await until(() => server.stats().slowConsumersClosed === 1, "the stalled client to be closed");
      await until(() => readers.every((r) => r.seqs.length === sent.length), "readers to get every event");
      for (const reader of readers) {
        expect(reader.seqs).toEqual(sent);
        expect(reader.closed()).toBe(false);
        reader.ws.terminate();
      }
    }, 60_000);
  });
});
