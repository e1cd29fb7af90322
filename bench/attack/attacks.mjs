// The attacks of `pnpm bench attack` other than the fuzzer, each against a fresh in-process
// gateway: they return one table row each { attack, inputs, result, figure }.
import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectGateway } from "@clawd/gateway-client";
import { deviceSigner, generateDeviceIdentity } from "@clawd/gateway-client/device";
import { startGatewayServer } from "@clawd/gateway-server";
import WebSocket from "ws";
import { startGatewayProcess } from "../../packages/gateway-server/test/attack/gateway-process.mjs";

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const PARAMS = (auth, id = "gateway-client", mode = "backend") => ({
  minProtocol: 3,
  maxProtocol: 3,
  client: { id, version: "1", platform: "bench", mode },
  auth,
});

function start(transport, options = {}) {
  return startGatewayServer({ port: 0, transport, ipv6Alias: false, closeGraceMs: 200, ...options });
}

/**
 * One connect attempt; resolves with the connect response (or null when the socket closed
 * first). `params` may be a function of the challenge nonce (for signed connects).
 */
function tryConnect(port, params, headers = {}) {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { headers });
    ws.on("error", () => resolve(null));
    ws.on("close", () => resolve(null));
    ws.on("message", (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.event === "connect.challenge") {
        const p = typeof params === "function" ? params(frame.payload.nonce) : params;
        ws.send(JSON.stringify({ type: "req", id: "c", method: "connect", params: p }));
      } else if (frame.id === "c") {
        ws.terminate();
        resolve(frame);
      }
    });
  });
}

function rawRequest(port, request, waitMs = 30_000) {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(request));
    let raw = "";
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on("data", (d) => {
      raw += d.toString("latin1");
      if (raw.includes("\r\n\r\n")) socket.destroy();
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(raw.split("\r\n")[0] ?? "");
    });
    socket.on("error", () => undefined);
  });
}

const head = (extra = {}, lines = []) =>
  `GET / HTTP/1.1\r\n${Object.entries({
    Host: "127.0.0.1",
    Upgrade: "websocket",
    Connection: "Upgrade",
    "Sec-WebSocket-Key": KEY,
    "Sec-WebSocket-Version": "13",
    ...extra,
  })
    .map(([k, v]) => `${k}: ${v}`)
    .concat(lines)
    .join("\r\n")}\r\n\r\n`;

/** 100 wrong tokens, each with a fresh X-Forwarded-For, from one loopback peer. */
export async function forwardedRotation(transport) {
  const server = await start(transport, { auth: { mode: "token", token: "right" } });
  let checked = 0;
  for (let i = 0; i < 100; i++) {
    const res = await tryConnect(server.port, PARAMS({ token: `guess-${i}` }), { "x-forwarded-for": `10.${i}.0.1` });
    if (res?.error?.message.includes("mismatch")) checked += 1;
  }
  await server.close();
  return { attack: "forwarded-header rotation", inputs: 100, result: checked <= 15 ? "limited" : "NOT limited", figure: `${checked} of 100 guesses checked` };
}

/** A brute-forcer (300 wrong tokens, 8 in parallel) while the owner's CLI connects with the right one. */
export async function ownerNotLockedOut(transport) {
  const server = await start(transport, { auth: { mode: "token", token: "right" } });
  let next = 0;
  const worker = async () => {
    while (next < 300) await tryConnect(server.port, PARAMS({ token: `guess-${next++}` }));
  };
  const brute = Promise.all(Array.from({ length: 8 }, worker));
  while (server.stats().authFailures < 10) await new Promise((r) => setTimeout(r, 5));
  const t0 = performance.now();
  const owner = await tryConnect(server.port, PARAMS({ token: "right" }, "cli", "cli"));
  const ms = performance.now() - t0;
  await brute;
  const { authFailures } = server.stats();
  await server.close();
  return {
    attack: "owner not locked out (300-guess brute force)",
    inputs: 301,
    result: owner?.ok ? "owner in" : "owner REFUSED",
    figure: `owner in ${ms.toFixed(0)} ms; ${authFailures} of 300 guesses checked`,
  };
}

/** `count` attempts over `parallel` sockets at a time; `attempt(i)` makes one. */
async function loop(count, parallel, attempt) {
  let next = 0;
  const worker = async () => {
    while (next < count) await attempt(next++);
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** The owner's CLI as @clawd/gateway-client connects it: client "cli", signed by its device. */
async function ownerConnects(port, device) {
  const client = await connectGateway({
    url: `ws://127.0.0.1:${port}`,
    token: "right",
    clientName: "cli",
    mode: "cli",
    device,
    reconnect: false,
    timeoutMs: 10_000,
  });
  await client.close();
}

/** Connect params signed in the name of `device` (id, publicKey) with `privateKey` over the v2 payload. */
function signedParams(device, privateKey, token, nonce) {
  const signedAt = Date.now();
  const payload = ["v2", device.id, "cli", "cli", "operator", "", String(signedAt), token, nonce].join("|");
  const signature = sign(null, Buffer.from(payload), privateKey).toString("base64url");
  return {
    ...PARAMS({ token }, "cli", "cli"),
    role: "operator",
    scopes: [],
    device: { id: device.id, publicKey: device.publicKey, signature, signedAt, nonce },
  };
}

/** A fresh Ed25519 key pair as a device { id, publicKey, privateKey }. */
function mintDevice() {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = publicKey.export({ type: "spki", format: "der" }).subarray(12);
  return { id: createHash("sha256").update(raw).digest("hex"), publicKey: raw.toString("base64url"), privateKey };
}

/**
 * A brute-forcer claiming the owner's own client id "cli" (300 wrong tokens, 8 in parallel;
 * then 300 more, each signed by a freshly minted device key) while the owner's CLI, signed by
 * its paired device, connects. "Not delayed" is the server's own account: no throttle line
 * names the owner's device.
 */
export async function ownerSameClientId(transport) {
  const stateDir = mkdtempSync(join(tmpdir(), "bench-owner-"));
  const lines = [];
  const keep = (m) => void lines.push(m);
  const logger = { debug: keep, info: keep, warn: keep, error: keep };
  const server = await start(transport, { auth: { mode: "token", token: "right" }, stateDir, logger, authLogLinesPerMinute: 100_000 });
  const device = deviceSigner(generateDeviceIdentity());
  await ownerConnects(server.port, device); // paired: a known device from now on
  const brute = (async () => {
    await loop(300, 8, (i) => tryConnect(server.port, PARAMS({ token: `guess-${i}` }, "cli", "cli")));
    await loop(300, 8, (i) => {
      const minted = mintDevice();
      return tryConnect(server.port, (nonce) => signedParams(minted, minted.privateKey, `minted-${i}`, nonce));
    });
  })();
  while (server.stats().authFailures < 10) await new Promise((r) => setTimeout(r, 5));
  const t0 = performance.now();
  const owner = await ownerConnects(server.port, device).then(
    () => true,
    () => false,
  );
  const ms = performance.now() - t0;
  await brute;
  const { authFailures, authRateLimited } = server.stats();
  const throttled = lines.filter((l) => /auth_(delayed|refused)/.test(l) && l.includes(`device=${device.id}`)).length;
  await server.close();
  rmSync(stateDir, { recursive: true, force: true });
  return {
    attack: 'owner during brute force as client "cli" (300 unsigned + 300 minted-key guesses)',
    inputs: 601,
    result: owner && throttled === 0 ? "owner in, not delayed (waitMs 0)" : `owner ${owner ? "in" : "REFUSED"}, ${throttled} throttle lines name its device`,
    figure: `owner in ${ms.toFixed(0)} ms; ${authFailures} of 600 guesses checked, ${authRateLimited} refused unchecked`,
  };
}

/**
 * Forged signatures in the name of the owner's paired device (each checked before the
 * throttle, so the owner keeps its own count): server CPU per forged attempt against a real
 * gateway process, next to the CPU per unsigned wrong-token attempt.
 */
export async function forgedDeviceSignatures(transport) {
  const stateDir = mkdtempSync(join(tmpdir(), "bench-forged-"));
  const gateway = await startGatewayProcess(transport, { auth: { mode: "token", token: "right" }, stateDir });
  const device = deviceSigner(generateDeviceIdentity());
  await ownerConnects(gateway.port, device);
  const ATTEMPTS = 1000;
  const perAttempt = async (attempt) => {
    const before = await gateway.cpuMicros();
    await loop(ATTEMPTS, 8, attempt);
    return ((await gateway.cpuMicros()) - before) / ATTEMPTS;
  };
  const forger = mintDevice();
  const forgedUs = await perAttempt((i) => tryConnect(gateway.port, (nonce) => signedParams(device, forger.privateKey, `forged-${i}`, nonce)));
  const afterForged = await gateway.stats();
  const owner = await ownerConnects(gateway.port, device).then(
    () => true,
    () => false,
  );
  const unsignedUs = await perAttempt((i) => tryConnect(gateway.port, PARAMS({ token: `guess-${i}` }, "gateway-client")));
  await gateway.close();
  rmSync(stateDir, { recursive: true, force: true });
  return {
    attack: "forged signatures for the owner's device",
    inputs: ATTEMPTS,
    result: `${afterForged.deviceProofFailures} refused, ${afterForged.authFailures} secrets checked; owner ${owner ? "in" : "REFUSED"}`,
    figure: `server CPU ${forgedUs.toFixed(0)} µs per forged attempt vs ${unsignedUs.toFixed(0)} µs per unsigned wrong-token attempt`,
  };
}

/** Malformed upgrades: version 99, bad key, 100 KB and 20 KB headers, no Connection: Upgrade. */
export async function malformedUpgrades(transport) {
  const server = await start(transport);
  const cases = [
    head({ "Sec-WebSocket-Version": "99" }),
    head({ "Sec-WebSocket-Key": "abc" }),
    head({}, [`X-Big: ${"a".repeat(100_000)}`]),
    head({}, [`X-Big: ${"a".repeat(20_000)}`]),
    head({ Connection: "keep-alive" }),
  ];
  const statuses = [];
  for (const request of cases) statuses.push((await rawRequest(server.port, request)).split(" ")[1]);
  await server.close();
  return { attack: "malformed upgrades", inputs: cases.length, result: statuses.includes("101") ? "ACCEPTED one" : "all refused", figure: statuses.join(", ") };
}

/** 300 sockets sending one header byte every 500 ms: when the last one is closed by the server. */
export async function slowloris(transport) {
  const server = await start(transport);
  const t0 = performance.now();
  let closed = 0;
  const sockets = [];
  for (let i = 0; i < 300; i++) {
    const s = connect(server.port, "127.0.0.1");
    s.on("error", () => undefined);
    s.on("close", () => (closed += 1));
    s.write("GET / HTTP/1.1\r\nX-Slow: ");
    sockets.push(s);
  }
  while (closed < 300 && performance.now() - t0 < 40_000) {
    for (const s of sockets) if (!s.destroyed) s.write("a");
    await new Promise((r) => setTimeout(r, 500));
  }
  const seconds = (performance.now() - t0) / 1000;
  for (const s of sockets) s.destroy();
  await server.close();
  return { attack: "slowloris (300 sockets)", inputs: 300, result: `${closed} closed by server`, figure: `all closed after ${seconds.toFixed(1)} s` };
}

/** Invalid UTF-8 and oversized messages: the close code and reason the client sees. */
export async function closeCodes(transport) {
  const server = await start(transport, { maxPayloadBytes: 1024 });
  const closeAfter = (send) =>
    new Promise((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/`);
      ws.on("error", () => undefined);
      ws.on("open", () => send(ws));
      ws.on("close", (code, reason) => resolve(`${code}${reason.length ? ` "${reason}"` : ""}`));
    });
  const utf8 = await closeAfter((ws) => ws._socket.write(Buffer.from([0x81, 0x82, 0, 0, 0, 0, 0xc3, 0x28])));
  const twice = await closeAfter((ws) => ws.send("x".repeat(2048)));
  const tenfold = await closeAfter((ws) => ws.send("x".repeat(10_240)));
  await server.close();
  return { attack: "invalid UTF-8 / 2× / 10× oversize", inputs: 3, result: "closed", figure: `${utf8}; ${twice}; ${tenfold}` };
}

/** The status line the server answers `request` with, the socket left open (never handshaken). */
function openAndHold(port, request, sockets) {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(request));
    sockets.push(socket);
    let raw = "";
    const timer = setTimeout(() => resolve("no answer"), 5000);
    socket.on("data", (d) => {
      raw += d.toString("latin1");
      if (raw.includes("\r\n")) {
        clearTimeout(timer);
        resolve(raw.split("\r\n")[0]);
      }
    });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(raw.split("\r\n")[0] || "closed");
    });
  });
}

/** 2,000 sockets from one source that open and never handshake, held open, with the default caps. */
export async function preHandshakeFlood(transport) {
  const server = await start(transport);
  const sockets = [];
  const statuses = [];
  // Batches of 100 stay under the listen backlog, so every socket reaches the server.
  for (let i = 0; i < 2000; i += 100) statuses.push(...(await Promise.all(Array.from({ length: 100 }, () => openAndHold(server.port, head(), sockets)))));
  const accepted = statuses.filter((s) => s.includes(" 101 ")).length;
  const refused = statuses.filter((s) => s.includes(" 503 ")).length;
  await new Promise((r) => setTimeout(r, 200));
  const stillOpen = sockets.filter((s) => !s.destroyed).length;
  const t0 = performance.now();
  const owner = await tryConnect(server.port, PARAMS(undefined, "cli", "cli"));
  const ownerMs = performance.now() - t0;
  const { handshakesEvicted } = server.stats();
  for (const s of sockets) s.destroy();
  await server.close();
  return {
    attack: "pre-handshake flood (2,000 sockets)",
    inputs: 2000,
    result: `${accepted} upgraded, ${refused} refused 503, ${handshakesEvicted} evicted 1013`,
    figure: `${stillOpen} flood sockets left open; a new client ${owner?.ok ? `gets in (${ownerMs.toFixed(0)} ms)` : "is REFUSED"}`,
  };
}
