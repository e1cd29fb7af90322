#!/usr/bin/env node
// `pnpm bench attack` (or `node bench/attack/run.mjs [--fuzz-inputs N]`): the attack suite at
// bench scale, on both transports. The fuzzer runs ≥ 100,000 hostile inputs against a real
// gateway process, then checks `health` and the heap after a forced GC. Prints one table:
// attack, transport, inputs tried, result, figure.
import { detectTransport } from "@clawd/gateway-server";
import {
  closeCodes,
  forgedDeviceSignatures,
  forwardedRotation,
  malformedUpgrades,
  ownerNotLockedOut,
  ownerSameClientId,
  preHandshakeFlood,
  slowloris,
} from "./attacks.mjs";
import { runFrameFuzzer } from "../../packages/gateway-server/test/attack/frame-fuzzer.mjs";
import { startGatewayProcess } from "../../packages/gateway-server/test/attack/gateway-process.mjs";
import WebSocket from "ws";

/** Fuzzer inputs per transport (the issue asks for at least 100,000). */
const fuzzFlag = process.argv.indexOf("--fuzz-inputs");
const FUZZ_INPUTS = fuzzFlag > 0 ? Number(process.argv[fuzzFlag + 1]) : 100_000;
if (!Number.isInteger(FUZZ_INPUTS) || FUZZ_INPUTS < 1) {
  console.error("bench attack: --fuzz-inputs needs a positive whole number, e.g. --fuzz-inputs 100000");
  process.exit(2);
}
const MAX_PAYLOAD_BYTES = 4096;
const HANDSHAKE_TIMEOUT_MS = 1000;
/**
 * Inputs run before the heap is first read. The server's heap grows during the first
 * ~20,000 inputs and then stays flat (±0.1 MB over 5 rounds of 20,000 on each transport):
 * V8's own caches and pools warming up, not per-connection leftovers.
 */
const WARMUP_INPUTS = 20_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function health(port) {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    ws.on("error", () => resolve(false));
    ws.on("message", (data) => {
      const f = JSON.parse(data.toString());
      if (f.event === "connect.challenge")
        ws.send(
          JSON.stringify({
            type: "req",
            id: "c",
            method: "connect",
            params: { minProtocol: 3, maxProtocol: 3, client: { id: "test", version: "1", platform: "b", mode: "test" } },
          }),
        );
      else if (f.id === "c") ws.send(JSON.stringify({ type: "req", id: "h", method: "health" }));
      else if (f.id === "h") {
        ws.close();
        resolve(f.ok === true);
      }
    });
  });
}

async function idle(gateway) {
  while ((await gateway.stats()).connections > 0) await sleep(50);
  await sleep(HANDSHAKE_TIMEOUT_MS + 500);
}

async function fuzz(transport) {
  const gateway = await startGatewayProcess(transport, { maxPayloadBytes: MAX_PAYLOAD_BYTES, handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS });
  await runFrameFuzzer({ port: gateway.port, inputs: WARMUP_INPUTS, seed: 7, concurrency: 32, maxPayloadBytes: MAX_PAYLOAD_BYTES });
  await idle(gateway);
  const before = await gateway.heapUsed();
  const t0 = performance.now();
  const result = await runFrameFuzzer({ port: gateway.port, inputs: FUZZ_INPUTS, seed: 42, concurrency: 32, maxPayloadBytes: MAX_PAYLOAD_BYTES });
  const seconds = (performance.now() - t0) / 1000;
  await idle(gateway);
  const ok = await health(gateway.port);
  await idle(gateway);
  const after = await gateway.heapUsed();
  await gateway.close();
  const growth = (after / before - 1) * 100;
  return {
    attack: "frame fuzzer",
    inputs: result.inputs,
    result: `${ok ? "health ok" : "HEALTH FAILED"}, heap ${growth >= 0 ? "+" : ""}${growth.toFixed(1)} %${growth > 10 ? " (OVER 10 %)" : ""}`,
    figure: `${Math.round(result.inputs / seconds)} inputs/s over ${result.connections} connections; heap ${(before / 1e6).toFixed(2)} → ${(after / 1e6).toFixed(2)} MB`,
  };
}

const transports = detectTransport().transport === "uws" ? ["uws", "ws"] : ["ws"];
const rows = [];
for (const transport of transports) {
  for (const attack of [
    fuzz,
    forwardedRotation,
    ownerNotLockedOut,
    ownerSameClientId,
    forgedDeviceSignatures,
    malformedUpgrades,
    slowloris,
    closeCodes,
    preHandshakeFlood,
  ]) {
    const row = await attack(transport);
    rows.push({ ...row, transport });
    console.error(`${transport} ${row.attack}: ${row.result}`);
  }
}
console.log("| attack | transport | inputs tried | result | figure |\n|---|---|---|---|---|");
for (const r of rows) console.log(`| ${r.attack} | ${r.transport} | ${r.inputs.toLocaleString("en")} | ${r.result} | ${r.figure} |`);
if (transports.length === 1) console.log(`\nuws not measured: ${detectTransport().detail}`);
process.exit(0);
