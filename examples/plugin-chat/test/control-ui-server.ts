// A minimal static server for the original's Control UI (its built files in the installed
// clawdbot package, dist/control-ui): files as they are, anything else gets index.html (the
// UI routes by path, e.g. /chat). Loopback, OS-picked port. w11-compat is adding a shared one
// to the test kit (tooling/test-kit/src/control-ui.ts); this one goes when that lands.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".ico": "image/x-icon",
  ".map": "application/json",
  ".svg": "image/svg+xml",
};

/** Serves `dir`; resolves with its base URL and a close function. */
export async function serveControlUi(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(dir, path);
    try {
      if (!file.startsWith(dir) || !extname(file)) throw new Error("not a file");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(200, { "content-type": TYPES[".html"] }).end(await readFile(join(dir, "index.html")));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
