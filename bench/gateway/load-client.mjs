// A load-generator process: opens many real WebSocket connections (completing the gateway
// handshake when asked), counts fan-out frames, and reports over IPC.
import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import { serveCommands } from "./child.mjs";
import { FANOUT_EVENT } from "./frame-size.mjs";

/** Connections opened at once per process (keeps the server's accept backlog short). */
const CONNECT_CONCURRENCY = 100;
/**
 * Loopback source addresses the connections rotate over (127.0.0.2 …), so a burst looks like
 * many local clients, not one flooding source: the gateway closes a source's oldest pending
 * handshake past 64 (1013), which CONNECT_CONCURRENCY × processes from 127.0.0.1 would hit.
 */
const LOOPBACK_SOURCE_ADDRESSES = 250;
/** Budget for one connection's open + handshake, in ms. */
const CONNECT_TIMEOUT_MS = 30_000;
/** How long to wait for the expected frames before reporting what arrived, in ms. */
const AWAIT_TIMEOUT_MS = 60_000;

const marker = Buffer.from(FANOUT_EVENT);
const sockets = [];
let received = 0;
let waiter = null;

const connectFrame = () =>
  JSON.stringify({
    type: "req",
    id: randomUUID(),
    method: "connect",
    params: {
      minProtocol: 3,
      maxProtocol: 3,
      client: { id: "gateway-client", version: "bench", platform: process.platform, mode: "backend" },
      role: "operator",
      scopes: ["operator.read"],
    },
  });

function onFrame(data) {
  if (data.length > marker.length && data.indexOf(marker) !== -1) {
    received++;
    if (waiter && received >= waiter.total) {
      const w = waiter;
      waiter = null;
      clearTimeout(w.timer);
      w.resolve({ type: "reached", received, timedOut: false });
    }
  }
}

let opened = 0;
/** The next source address for a loopback target (127.0.0.2 …), or undefined for others. */
function sourceAddress(url) {
  if (new URL(url).hostname !== "127.0.0.1") return undefined;
  return `127.0.0.${2 + (opened++ % LOOPBACK_SOURCE_ADDRESSES)}`;
}

function openOne(url, handshake) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, localAddress: sourceAddress(url) });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`connect timeout after ${CONNECT_TIMEOUT_MS}ms`));
    }, CONNECT_TIMEOUT_MS);
    const ready = () => {
      clearTimeout(timer);
      ws.on("message", onFrame);
      resolve(ws);
    };
    ws.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    ws.once("close", (code, reason) => reject(new Error(`closed ${code} ${reason}`)));
    if (!handshake) {
      ws.once("open", ready);
      return;
    }
    // Gateway: challenge → connect → hello-ok. The next message after connect is its res.
    ws.once("message", () => {
      ws.send(connectFrame());
      ws.once("message", (data) => {
        const res = JSON.parse(data.toString());
        if (res.type === "res" && res.ok) ready();
        else reject(new Error(`connect rejected: ${data.toString().slice(0, 200)}`));
      });
    });
  });
}

async function connectMany(url, count, handshake) {
  let failed = 0;
  const errors = new Map();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      try {
        const ws = await openOne(url, handshake);
        ws.on("error", () => {});
        sockets.push(ws);
      } catch (error) {
        failed++;
        const key = String(error?.message ?? error);
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, count) }, worker));
  return { type: "connected", open: sockets.length, failed, errors: [...errors].slice(0, 3) };
}

serveCommands(async (cmd) => {
  switch (cmd.cmd) {
    case "connect":
      return connectMany(cmd.url, cmd.count, cmd.handshake);
    case "reset":
      received = 0;
      return { type: "reset" };
    case "await":
      if (received >= cmd.total) return { type: "reached", received, timedOut: false };
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiter = null;
          resolve({ type: "reached", received, timedOut: true });
        }, cmd.timeoutMs ?? AWAIT_TIMEOUT_MS);
        waiter = { total: cmd.total, resolve, timer };
      });
    case "mem":
      return { type: "mem", rss: process.memoryUsage().rss, open: sockets.filter((s) => s.readyState === WebSocket.OPEN).length };
    case "exit":
      for (const ws of sockets) ws.terminate();
      return undefined;
    default:
      throw new Error(`unknown command ${cmd.cmd}`);
  }
});
process.send({ type: "ready" });
