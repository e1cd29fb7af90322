// Attack: slowloris. Sockets that send their upgrade request one header byte at a time, that
// send nothing, or that go silent after one HTTP request on a kept-alive connection must be
// closed by the server at the header deadline, on both transports and on every uWS build
// (v20.30 has 10 s built in; v20.57 waits 30 s unless told, so the transport sets it; `ws`
// gets the same deadline from upgradeHeaderTimeoutMs).
import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { startGatewayServer, UPGRADE_HEADER_TIMEOUT_MS } from "../../src/index.js";
import { startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "../harness.js";
import { rawSocket } from "./raw-http.js";
import "../unhandled.js";

const SLOW_SOCKETS = 50;
const DRIBBLE_INTERVAL_MS = 500;
/** Our own bound: the attack stops after this even if the server never closes a socket. */
const GIVE_UP_MS = UPGRADE_HEADER_TIMEOUT_MS + 10_000;

/** Opens `count` sockets that send `first` and then nothing; resolves with how many the server closed before GIVE_UP_MS. */
async function silentSockets(port: number, count: number, first: string): Promise<number> {
  const sockets: Socket[] = [];
  let closedByServer = 0;
  for (let i = 0; i < count; i++) {
    const socket = await rawSocket(port);
    socket.on("error", () => undefined);
    socket.on("data", () => undefined);
    socket.on("close", () => (closedByServer += 1));
    if (first) socket.write(first);
    sockets.push(socket);
  }
  const started = Date.now();
  while (closedByServer < count && Date.now() - started < GIVE_UP_MS) await new Promise((r) => setTimeout(r, DRIBBLE_INTERVAL_MS));
  for (const s of sockets) s.destroy();
  return closedByServer;
}

/** Opens `count` sockets that dribble a never-ending header; resolves with how many the server closed. */
async function slowloris(port: number, count: number): Promise<{ closedByServer: number; statuses: string[] }> {
  const sockets: Socket[] = [];
  const statuses: string[] = [];
  let closedByServer = 0;
  for (let i = 0; i < count; i++) {
    const socket = await rawSocket(port);
    socket.on("error", () => undefined);
    socket.on("data", (d) => statuses.push(d.toString("latin1").split("\r\n")[0] ?? ""));
    socket.on("close", () => (closedByServer += 1));
    socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    sockets.push(socket);
  }
  const started = Date.now();
  while (closedByServer < count && Date.now() - started < GIVE_UP_MS) {
    for (const s of sockets) if (!s.destroyed) s.write("a");
    await new Promise((r) => setTimeout(r, DRIBBLE_INTERVAL_MS));
  }
  for (const s of sockets) s.destroy();
  return { closedByServer, statuses };
}

describe.each(TRANSPORTS)("slowloris over %s", (transport) => {
  const run = transport === "uws" && !UWS_LOADS ? describe.skip : describe;
  run(transportLabel(transport), () => {
    it(
      `the server closes all ${SLOW_SOCKETS} dribbling sockets at the default header deadline`,
      async () => {
        const server = await startServer(transport);
        const { closedByServer } = await slowloris(server.port, SLOW_SOCKETS);
        expect(closedByServer).toBe(SLOW_SOCKETS);
      },
      GIVE_UP_MS + 10_000,
    );

    it(
      `the server closes ${SLOW_SOCKETS} silent sockets and ${SLOW_SOCKETS} kept-alive sockets idle after one HTTP request at the default deadline`,
      async () => {
        const server = await startServer(transport);
        const [silent, keptAlive] = await Promise.all([
          silentSockets(server.port, SLOW_SOCKETS, ""),
          silentSockets(server.port, SLOW_SOCKETS, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
        ]);
        expect({ silent, keptAlive }).toEqual({ silent: SLOW_SOCKETS, keptAlive: SLOW_SOCKETS });
      },
      GIVE_UP_MS + 10_000,
    );
  });
});

describe("slowloris deadline option", () => {
  it("ws: upgradeHeaderTimeoutMs shortens the deadline (408 answered)", async () => {
    const server = await startServer("ws", { upgradeHeaderTimeoutMs: 1000 });
    const { closedByServer, statuses } = await slowloris(server.port, 5);
    expect(closedByServer).toBe(5);
    expect(statuses.every((s) => s === "HTTP/1.1 408 Request Timeout")).toBe(true);
  });

  it.skipIf(!UWS_LOADS)("uws: any other upgradeHeaderTimeoutMs is refused at startup, naming the fix", async () => {
    await expect(startGatewayServer({ port: 0, transport: "uws", upgradeHeaderTimeoutMs: 5000 })).rejects.toThrow(
      'invalid option upgradeHeaderTimeoutMs: uWebSockets.js has a fixed 10000 ms header deadline; use 10000 or transport "ws"',
    );
  });
});
