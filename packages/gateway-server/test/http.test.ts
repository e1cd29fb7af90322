import { describe, expect, it } from "vitest";
import { connectClient, startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "./harness.js";
import "./unhandled.js";
import type { HttpRouteResponse } from "../src/index.js";

describe.each(TRANSPORTS)("http and listeners over %s", (transport) => {
  const run = transport === "uws" && !UWS_LOADS ? describe.skip : describe;
  run(transportLabel(transport), () => {
    it("reports the port it picked for port 0 and the transport it runs", async () => {
      const server = await startServer(transport);
      expect(server.port).toBeGreaterThan(0);
      expect(server.transport).toBe(transport);
      expect(server.urls).toEqual([`ws://127.0.0.1:${server.port}`]);
      expect(server.transportDetail.length).toBeGreaterThan(0);
    });

    it("GET /healthz returns {ok, version, uptimeMs, connections, transport}", async () => {
      const server = await startServer(transport, { version: "1.2.3" });
      await connectClient(server);
      const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      const body = (await res.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(["connections", "ok", "transport", "uptimeMs", "version"]);
      expect(body).toMatchObject({ ok: true, version: "1.2.3", connections: 1, transport });
    });

    it("answers 404 for every other path and method", async () => {
      const server = await startServer(transport);
      for (const [method, path] of [
        ["GET", "/"],
        ["GET", "/nope"],
        ["POST", "/healthz"],
      ] as const) {
        const res = await fetch(`http://127.0.0.1:${server.port}${path}`, { method });
        expect(res.status).toBe(404);
        await res.text();
      }
    });

    it("hands GET requests other than /healthz to the route hook: path without query, headers, bytes, status, headers out", async () => {
      const seen: { method: string; path: string; accept: string; missing: string }[] = [];
      const server = await startServer(transport, {
        httpRoute: (req): HttpRouteResponse | undefined => {
          seen.push({ method: req.method, path: req.path, accept: req.header("accept-encoding"), missing: req.header("x-not-sent") });
          if (req.path === "/bytes")
            return { status: 200, headers: { "content-type": "application/octet-stream", "x-route": "yes" }, body: new Uint8Array([0, 1, 2, 255]) };
          if (req.path === "/gone") return { status: 410, headers: { "content-type": "text/plain" }, body: "gone" };
          return undefined;
        },
      });
      const base = `http://127.0.0.1:${server.port}`;
      const bytes = await fetch(`${base}/bytes?token=should-not-reach`, { headers: { "accept-encoding": "gzip" } });
      expect(bytes.status).toBe(200);
      expect(bytes.headers.get("x-route")).toBe("yes");
      expect(bytes.headers.get("content-length")).toBe("4");
      expect([...new Uint8Array(await bytes.arrayBuffer())]).toEqual([0, 1, 2, 255]);
      const gone = await fetch(`${base}/gone`);
      expect(gone.status).toBe(410);
      expect(gone.statusText).toBe("Gone");
      expect(await gone.text()).toBe("gone");
      const fallthrough = await fetch(`${base}/other`);
      expect(fallthrough.status).toBe(404);
      await fallthrough.text();
      const head = await fetch(`${base}/gone`, { method: "HEAD" });
      expect(head.status).toBe(410);
      expect(await head.text()).toBe("");
      expect(seen[0]).toEqual({ method: "GET", path: "/bytes", accept: "gzip", missing: "" });
      expect(seen.map((s) => s.path)).toEqual(["/bytes", "/gone", "/other", "/gone"]);
      expect(seen[3]?.method).toBe("HEAD");
    });

    it("keeps /healthz, POST and a throwing route out of the hook's way", async () => {
      const paths: string[] = [];
      const server = await startServer(transport, {
        httpRoute: (req) => {
          paths.push(`${req.method} ${req.path}`);
          if (req.path === "/boom") throw new Error("route bug");
          return { status: 200, headers: { "content-type": "text/plain" }, body: "route" };
        },
      });
      const base = `http://127.0.0.1:${server.port}`;
      const health = await fetch(`${base}/healthz`);
      expect(((await health.json()) as { ok: boolean }).ok).toBe(true);
      const post = await fetch(`${base}/`, { method: "POST" });
      expect(post.status).toBe(404);
      await post.text();
      const boom = await fetch(`${base}/boom`);
      expect(boom.status).toBe(500);
      expect(await boom.text()).toMatch(/route failed/);
      const ok = await fetch(`${base}/`);
      expect(await ok.text()).toBe("route");
      expect(paths).toEqual(["GET /boom", "GET /"]);
      // The WebSocket endpoint still works with a route installed.
      await connectClient(server);
      expect(server.stats().clients).toBe(1);
    });

    it("listens on the ::1 alias when asked and it is bindable", async () => {
      const server = await startServer(transport, { ipv6Alias: true });
      expect(server.urls[0]).toBe(`ws://127.0.0.1:${server.port}`);
      if (server.urls.length === 2) {
        expect(server.urls[1]).toBe(`ws://[::1]:${server.port}`);
        const res = await fetch(`http://[::1]:${server.port}/healthz`);
        expect(res.status).toBe(200);
        await res.text();
      } else {
        expect(server.urls).toHaveLength(1);
      }
    });

    it("fails with EADDRINUSE when the port is taken", async () => {
      const first = await startServer(transport);
      await expect(startServer(transport, { port: first.port })).rejects.toMatchObject({ code: "EADDRINUSE" });
    });
  });
});
