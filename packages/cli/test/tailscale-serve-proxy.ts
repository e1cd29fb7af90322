// A local stand-in for the proxy `tailscale serve` runs: it listens on loopback, forwards
// WebSocket upgrades to the gateway and adds the headers Tailscale's reverse proxy adds
// (Tailscale-User-Login/-Name/-Profile-Pic, X-Forwarded-For = the tailnet client,
// X-Forwarded-Proto/-Host), keeping the public Host, as tailscale serve does.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { connect } from "node:net";

/** The tailnet peer the proxy claims each request came from. */
export interface TailnetPeer {
  address: string;
  login: string;
  name: string;
}

/** Starts the proxy on 127.0.0.1:0 in front of `targetPort`; returns its port and a closer. */
export async function startTailscaleServeProxy(targetPort: number, peer: TailnetPeer, publicHost: string): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => res.writeHead(502).end());
  server.on("upgrade", (req: IncomingMessage, client: Socket, head: Buffer) => {
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i] as string;
      if (/^(host|x-forwarded-|tailscale-)/i.test(name)) continue; // the proxy owns these
      lines.push(`${name}: ${req.rawHeaders[i + 1]}`);
    }
    lines.push(
      `Host: ${publicHost}`,
      `X-Forwarded-For: ${peer.address}`,
      "X-Forwarded-Proto: https",
      `X-Forwarded-Host: ${publicHost}`,
      `Tailscale-User-Login: ${peer.login}`,
      `Tailscale-User-Name: ${peer.name}`,
      "Tailscale-User-Profile-Pic: https://example.com/pic.png",
    );
    const upstream = connect(targetPort, "127.0.0.1", () => {
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => s.destroy());
      s.on("close", () => sockets.delete(s));
    }
    upstream.on("close", () => client.destroy());
    client.on("close", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
