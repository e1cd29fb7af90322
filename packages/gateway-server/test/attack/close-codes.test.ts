// Attack: invalid UTF-8 and oversized frames. The close code and reason are asserted exactly,
// per transport, so the two cannot drift apart unnoticed.
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startServer, TRANSPORTS, transportLabel, UWS_LOADS, type TransportName } from "../harness.js";
import "../unhandled.js";

const MAX_PAYLOAD = 1024;
/** A masked text frame whose payload is not UTF-8 (0xc3 0x28). */
const INVALID_UTF8_FRAME = Buffer.from([0x81, 0x82, 0, 0, 0, 0, 0xc3, 0x28]);

/**
 * What each transport does. uWS validates UTF-8 and its own size cap in C++ and drops the TCP
 * connection without a close frame (1006 at the client); no JS hook runs first, so those two
 * rows cannot match `ws` with the uWS binaries we ship. README, Transports, has the C++ path
 * (WebSocketProtocol::consumeMessage / WebSocketContext::handleFragment → forceClose →
 * us_socket_close) and what strace shows: close(fd) with no close frame.
 */
const EXPECTED: Record<TransportName, Record<string, { code: number; reason: string }>> = {
  ws: {
    invalidUtf8: { code: 1007, reason: "" },
    twiceMax: { code: 1009, reason: "Max payload size exceeded" },
    tenTimesMax: { code: 1009, reason: "Max payload size exceeded" },
  },
  uws: {
    invalidUtf8: { code: 1006, reason: "" },
    twiceMax: { code: 1009, reason: "Max payload size exceeded" },
    tenTimesMax: { code: 1006, reason: "" },
  },
};

function closeAfter(port: number, send: (ws: WebSocket) => void): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    ws.on("error", () => undefined);
    ws.on("open", () => send(ws));
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString("utf8") }));
  });
}

describe.each(TRANSPORTS)("close codes over %s", (transport) => {
  const run = transport === "uws" && !UWS_LOADS ? describe.skip : describe;
  run(transportLabel(transport), () => {
    it("invalid UTF-8 in a text frame", async () => {
      const server = await startServer(transport, { maxPayloadBytes: MAX_PAYLOAD });
      expect(await closeAfter(server.port, (ws) => (ws as any)._socket.write(INVALID_UTF8_FRAME))).toEqual(EXPECTED[transport].invalidUtf8);
    });

    it("a message of twice maxPayloadBytes: 1009 with the same reason on both transports", async () => {
      const server = await startServer(transport, { maxPayloadBytes: MAX_PAYLOAD });
      expect(await closeAfter(server.port, (ws) => ws.send("x".repeat(2 * MAX_PAYLOAD)))).toEqual(EXPECTED[transport].twiceMax);
    });

    it("a message of ten times maxPayloadBytes", async () => {
      const server = await startServer(transport, { maxPayloadBytes: MAX_PAYLOAD });
      expect(await closeAfter(server.port, (ws) => ws.send("x".repeat(10 * MAX_PAYLOAD)))).toEqual(EXPECTED[transport].tenTimesMax);
    });
  });
});
