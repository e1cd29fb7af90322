// A local WebSocket reverse proxy that adds X-Forwarded-For: what makes a client on this
// machine look remote to a gateway, as a real reverse proxy in front of it would. The
// gateway believes the header only from a trusted proxy: start it with trustedProxies
// (gateway.trustedProxies) including 127.0.0.1.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { connect, type Socket } from "node:net";

/** The client address the proxy claims (TEST-NET-2, never a real host). */
export const FORWARDED_CLIENT_IP = "198.51.100.23";

export interface ForwardingProxy {
  port: number;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 (OS-picked port) forwarding upgrades to 127.0.0.1:`targetPort`. */
export async function startForwardingProxy(targetPort: number, forwardedFor = FORWARDED_CLIENT_IP): Promise<ForwardingProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    res.writeHead(404).end();
  });
  server.on("upgrade", (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    const upstream = connect(targetPort, "127.0.0.1", () => {
      let text = `${req.method} ${req.url} HTTP/1.1\r\n`;
      for (const [key, value] of Object.entries({ ...req.headers, "x-forwarded-for": forwardedFor })) text += `${key}: ${String(value)}\r\n`;
      upstream.write(`${text}\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on("error", end).on("close", end);
    client.on("error", end).on("close", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("forwarding proxy has no port");
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
