// A tiny static server for the original's Control UI (its package's `dist/control-ui`), so a
// real browser can load it and point it at our gateway (`?gatewayUrl=ws://…&token=…`). It
// answers like the original's gateway does for the UI: files by path, and index.html for the
// app's routes (`/overview`, `/logs`, …). Loopback only, OS-picked port.
//
//   const ui = await serveControlUi(join(original.pkg, "dist/control-ui"));
//   await page.goto(`${ui.url}/overview?gatewayUrl=${encodeURIComponent(wsUrl)}&token=…`);
//   await ui.close();
import { readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";

/** Content types of the files the Control UI ships. */
export const CONTROL_UI_CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".json": "application/json",
  ".ico": "image/x-icon",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
};

export interface ControlUiServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Paths requested so far, in order (a test can assert the UI loaded its assets). */
  requests: string[];
  close(): Promise<void>;
}

/** The file a request path maps to inside `root`, or undefined when it would leave it. */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split("?")[0] ?? "/");
  } catch {
    return undefined;
  }
  const file = resolve(root, `.${normalize(`/${decoded}`)}`);
  return file === resolve(root) || file.startsWith(`${resolve(root)}${sep}`) ? file : undefined;
}

/** Serves `root` (a built single-page app) on 127.0.0.1 at an OS-picked port. */
export async function serveControlUi(root: string): Promise<ControlUiServer> {
  const index = join(root, "index.html");
  await stat(index); // fail early, naming the missing file, when the UI is not installed
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? "/";
    requests.push(path);
    void (async () => {
      const file = resolveStaticPath(root, path);
      if (!file) {
        res.writeHead(400, { "content-type": "text/plain" }).end("bad path");
        return;
      }
      let target = file;
      const isFile = await stat(file).then(
        (s) => s.isFile(),
        () => false,
      );
      // The app's own routes have no extension: they get index.html, as the original serves them.
      if (!isFile) {
        if (extname(file) !== "") {
          res.writeHead(404, { "content-type": "text/plain" }).end("not found");
          return;
        }
        target = index;
      }
      const body = await readFile(target);
      res.writeHead(200, { "content-type": CONTROL_UI_CONTENT_TYPES[extname(target)] ?? "application/octet-stream", "cache-control": "no-store" }).end(body);
    })().catch((error: unknown) => {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(error));
    });
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
