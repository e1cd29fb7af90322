// Frame fuzzer shared by the attack suite and `pnpm bench attack`: a seeded stream of hostile
// WebSocket frames (junk requests, invalid UTF-8, reserved opcodes and bits, lying lengths,
// stray continuations, oversize control frames, unmasked frames, raw noise) sent over many
// connections, before and after the handshake. Plain JS so the bench runs it without a build.
import WebSocket from "ws";

/** Seeded PRNG (mulberry32), so a failing run can be replayed from its seed. */
export function createRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (list) => list[Math.floor(next() * list.length)] };
}

const JUNK = [null, true, 0, -1, 1e308, "", "connect", "health", "req", [], {}, { a: [1, { b: null }] }, "\u0000\uffff", "x".repeat(300)];
const METHODS = ["connect", "health", "status", "system-presence", "system-event", "logs.tail", "last-heartbeat", "nope", "", 7];

/** Encodes one client frame; `mask` false makes an (illegal) unmasked one, `claimed` lies about the length. */
export function encodeFrame({ fin = true, rsv = 0, opcode, payload, mask = true, claimed }) {
  const length = claimed ?? payload.length;
  const head = [((fin ? 0x80 : 0) | (rsv << 4) | opcode) & 0xff];
  const m = mask ? 0x80 : 0;
  if (length < 126) head.push(m | length);
  else if (length < 65536) head.push(m | 126, length >> 8, length & 255);
  else {
    head.push(m | 127, 0, 0, 0, 0);
    for (let shift = 24; shift >= 0; shift -= 8) head.push(Math.floor(length / 2 ** shift) & 255);
  }
  const key = mask ? [1, 2, 3, 4] : [];
  const body = Buffer.from(payload);
  if (mask) for (let i = 0; i < body.length; i++) body[i] ^= key[i % 4];
  return Buffer.concat([Buffer.from(head), Buffer.from(key), body]);
}

function junkRequest(rng) {
  const frame = {};
  if (rng.next() < 0.9) frame.type = rng.next() < 0.7 ? "req" : rng.pick(JUNK);
  if (rng.next() < 0.9) frame.id = rng.next() < 0.7 ? `f${rng.int(1000)}` : rng.pick(JUNK);
  if (rng.next() < 0.9) frame.method = rng.pick(METHODS);
  if (rng.next() < 0.8) frame.params = rng.next() < 0.5 ? { limit: rng.pick(JUNK), cursor: rng.pick(JUNK), text: rng.pick(JUNK) } : rng.pick(JUNK);
  const text = JSON.stringify(frame);
  return rng.next() < 0.1 ? text.slice(0, rng.int(text.length)) : text;
}

function randomBytes(rng, n) {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = rng.int(256);
  return b;
}

/** One hostile input: the bytes to write and what kind of attack it is. */
export function fuzzInput(rng, maxPayloadBytes) {
  const r = rng.next();
  if (r < 0.4) return { kind: "junk-request", bytes: encodeFrame({ opcode: 1, payload: Buffer.from(junkRequest(rng)) }) };
  if (r < 0.5)
    return {
      kind: "invalid-utf8",
      bytes: encodeFrame({ opcode: 1, payload: Buffer.concat([Buffer.from('{"type":"'), randomBytes(rng, 1 + rng.int(16)), Buffer.from([0xc3, 0x28])]) }),
    };
  if (r < 0.58) return { kind: "binary", bytes: encodeFrame({ opcode: 2, payload: randomBytes(rng, rng.int(200)) }) };
  if (r < 0.64)
    return { kind: "reserved-opcode", bytes: encodeFrame({ opcode: rng.pick([3, 4, 5, 6, 7, 11, 12, 13, 14, 15]), payload: randomBytes(rng, rng.int(20)) }) };
  if (r < 0.68) return { kind: "rsv-bits", bytes: encodeFrame({ opcode: 1, rsv: 1 + rng.int(7), payload: Buffer.from("{}") }) };
  if (r < 0.74)
    return {
      kind: "control",
      bytes: encodeFrame({ opcode: rng.pick([9, 10, 8]), fin: rng.next() < 0.8, payload: randomBytes(rng, rng.pick([0, 2, 10, 125, 126, 200])) }),
    };
  if (r < 0.8)
    return {
      kind: "fragments",
      bytes: Buffer.concat([
        encodeFrame({ opcode: rng.pick([0, 1]), fin: false, payload: Buffer.from('{"ty') }),
        encodeFrame({ opcode: rng.pick([0, 1, 2]), fin: rng.next() < 0.5, payload: Buffer.from('pe":1}') }),
      ]),
    };
  if (r < 0.84)
    return {
      kind: "lying-length",
      bytes: encodeFrame({ opcode: 1, payload: Buffer.from("{}"), claimed: rng.pick([0, 1, 100, 70_000, maxPayloadBytes + 1, 2 ** 40]) }),
    };
  if (r < 0.88) return { kind: "oversize", bytes: encodeFrame({ opcode: 1, payload: Buffer.alloc(maxPayloadBytes + 1 + rng.int(maxPayloadBytes), 0x20) }) };
  if (r < 0.93) return { kind: "unmasked", bytes: encodeFrame({ opcode: 1, payload: Buffer.from(junkRequest(rng)), mask: false }) };
  return { kind: "noise", bytes: randomBytes(rng, 1 + rng.int(64)) };
}

const CONNECT = JSON.stringify({
  type: "req",
  id: "fz",
  method: "connect",
  params: { minProtocol: 3, maxProtocol: 3, client: { id: "test", version: "1", platform: "fuzz", mode: "test" } },
});

/** Opens a connection, handshakes when asked, and resolves with the live socket (or null if refused). */
function openConnection(port, handshake) {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { maxPayload: 64 * 1024 * 1024 });
    let done = false;
    const finish = (value) => {
      if (!done) {
        done = true;
        resolve(value);
      }
    };
    ws.on("error", () => finish(null));
    ws.on("close", () => finish(null));
    ws.on("message", (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.event === "connect.challenge") {
        if (handshake) ws.send(CONNECT);
        else finish(ws);
      } else if (frame.id === "fz") finish(frame.ok ? ws : null);
    });
  });
}

/**
 * Sends `inputs` hostile frames over `concurrency` connections at a time (a fresh one after
 * each close, half of them past the handshake). Resolves with counts: inputs, connections,
 * closes by code. Every loop is bounded by `inputs`.
 */
export async function runFrameFuzzer({ port, inputs, seed = 1, concurrency = 16, maxPayloadBytes = 4096, perConnection = 12 }) {
  const rng = createRng(seed);
  const result = { inputs: 0, connections: 0, refused: 0, closes: {}, kinds: {} };
  const worker = async () => {
    while (result.inputs < inputs) {
      const ws = await openConnection(port, rng.next() < 0.5);
      result.connections += 1;
      if (!ws) {
        result.refused += 1;
        continue;
      }
      const closed = new Promise((resolve) => ws.once("close", (code) => resolve(code)));
      let open = true;
      ws.once("close", () => (open = false));
      const burst = 1 + rng.int(perConnection);
      for (let i = 0; i < burst && open && result.inputs < inputs; i++) {
        const input = fuzzInput(rng, maxPayloadBytes);
        result.inputs += 1;
        result.kinds[input.kind] = (result.kinds[input.kind] ?? 0) + 1;
        ws._socket.write(input.bytes);
        if (i % 4 === 3) await new Promise((r) => setImmediate(r));
      }
      // Give the server a moment to react, then leave (a lying length would wait forever).
      const code = await Promise.race([closed, new Promise((r) => setTimeout(() => r(undefined), 20))]);
      if (code === undefined) ws.terminate();
      const key = String(code ?? "client-left");
      result.closes[key] = (result.closes[key] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return result;
}
