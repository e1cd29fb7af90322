// Raw TCP requests for the attack suite: what a hostile client sends, byte for byte.
import { connect, type Socket } from "node:net";

/** A valid Sec-WebSocket-Key (16 bytes, base64). */
export const GOOD_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

/** An upgrade request head with `extra` header lines; overrides replace the defaults by name. */
export function upgradeHead(overrides: Record<string, string> = {}, extraLines: string[] = []): string {
  const headers: Record<string, string> = {
    Host: "127.0.0.1",
    Upgrade: "websocket",
    Connection: "Upgrade",
    "Sec-WebSocket-Key": GOOD_KEY,
    "Sec-WebSocket-Version": "13",
    ...overrides,
  };
  const lines = Object.entries(headers)
    .filter(([, v]) => v !== "")
    .map(([k, v]) => `${k}: ${v}`);
  return `GET / HTTP/1.1\r\n${[...lines, ...extraLines].join("\r\n")}\r\n\r\n`;
}

/** Sends `request` and resolves with the status line and body once the server answers (or closes). */
export function rawRequest(port: number, request: string, waitMs = 5000): Promise<{ status: string; body: string; raw: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(request));
    let raw = "";
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const [head = "", body = ""] = raw.split("\r\n\r\n");
      resolve({ status: head.split("\r\n")[0] ?? "", body, raw });
    };
    const timer = setTimeout(finish, waitMs);
    socket.on("data", (d) => {
      raw += d.toString("latin1");
      // A 101 keeps the socket open: the head is all we need.
      if (raw.startsWith("HTTP/1.1 101") && raw.includes("\r\n\r\n")) finish();
    });
    socket.on("close", finish);
    socket.on("error", () => undefined);
  });
}

/** Opens a TCP socket to the server (for frames written by hand). */
export function rawSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}
