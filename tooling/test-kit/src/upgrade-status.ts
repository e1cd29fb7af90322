// The HTTP status a server answers a WebSocket upgrade with, read from the raw response. A
// WebSocket client cannot always tell: Node 22+'s global WebSocket (undici), like a browser's,
// hides a refused upgrade's status ("network error or non-101 status"), while `ws` names it.
import { randomBytes } from "node:crypto";
import { request } from "node:http";

/** Sends one upgrade request and resolves with the status (101 when the server upgraded; the socket is then closed). */
export function upgradeStatus(port: number, host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      host,
      port,
      path: "/",
      headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": randomBytes(16).toString("base64") },
    });
    req.on("upgrade", (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 101);
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}
