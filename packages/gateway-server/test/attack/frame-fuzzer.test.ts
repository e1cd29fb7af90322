// Attack: a frame fuzzer against a real gateway process on each transport. Afterwards the
// server must still answer `health`, and its heap after a forced GC must be within 10 % of
// the heap before the run (a leak check).
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { runFrameFuzzer } from "./frame-fuzzer.mjs";
import { type GatewayProcess, startGatewayProcess } from "./gateway-process.mjs";
import { TRANSPORTS, transportLabel, UWS_LOADS } from "../harness.js";

/** Inputs per transport in CI (`pnpm bench attack` runs 100,000). */
const FUZZ_INPUTS = Number(process.env.CLAWD_FUZZ_INPUTS ?? 10_000);
/** Inputs that warm the server's caches before the heap is first measured. */
const WARMUP_INPUTS = 8000;
/**
 * Short handshake deadline for the child: the shared deadline queue keeps a closed socket's
 * session until its deadline passes (by design, see handshake-deadlines.ts), so the heap is
 * read once those deadlines are over.
 */
const HANDSHAKE_TIMEOUT_MS = 1000;
const MAX_PAYLOAD_BYTES = 4096;
const HEAP_GROWTH_LIMIT = 0.1;

const running: GatewayProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((g) => g.close()));
});

/** Connects, handshakes and calls `health`; resolves with the response frame. */
function health(port: number): Promise<{ ok: boolean }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    ws.on("error", reject);
    ws.on("message", (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.event === "connect.challenge") {
        ws.send(
          JSON.stringify({
            type: "req",
            id: "c",
            method: "connect",
            params: { minProtocol: 3, maxProtocol: 3, client: { id: "test", version: "1", platform: "t", mode: "test" } },
          }),
        );
      } else if (frame.id === "c") ws.send(JSON.stringify({ type: "req", id: "h", method: "health" }));
      else if (frame.id === "h") {
        ws.close();
        resolve(frame);
      }
    });
  });
}

async function drained(gateway: GatewayProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await gateway.stats()).connections === 0) {
      await new Promise((r) => setTimeout(r, HANDSHAKE_TIMEOUT_MS + 500));
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("fuzz connections were not all closed by the server");
}

describe.each(TRANSPORTS)("frame fuzzer over %s", (transport) => {
  const run = transport === "uws" && !UWS_LOADS ? describe.skip : describe;
  run(transportLabel(transport), () => {
    it(`survives ${FUZZ_INPUTS} hostile inputs: health still answers, heap within 10 % after GC`, async () => {
      const gateway = await startGatewayProcess(transport, { maxPayloadBytes: MAX_PAYLOAD_BYTES, handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS });
      running.push(gateway);
      await runFrameFuzzer({ port: gateway.port, inputs: WARMUP_INPUTS, seed: 7, maxPayloadBytes: MAX_PAYLOAD_BYTES });
      await drained(gateway);
      const before = await gateway.heapUsed();
      const result = await runFrameFuzzer({ port: gateway.port, inputs: FUZZ_INPUTS, seed: 42, maxPayloadBytes: MAX_PAYLOAD_BYTES });
      expect(result.inputs).toBe(FUZZ_INPUTS);
      expect(Object.keys(result.kinds).length).toBeGreaterThanOrEqual(10);
      await drained(gateway);
      expect((await health(gateway.port)).ok).toBe(true);
      await drained(gateway);
      const after = await gateway.heapUsed();
      expect(after, `heap ${before} → ${after} bytes; closes ${JSON.stringify(result.closes)}`).toBeLessThanOrEqual(before * (1 + HEAP_GROWTH_LIMIT));
    }, 120_000);
  });
});
