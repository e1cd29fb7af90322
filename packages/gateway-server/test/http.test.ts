import { describe, expect, it } from "vitest";
import { connectClient, startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "./harness.js";
import "./unhandled.js";

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
      for (const [method, path] of [["GET", "/"], ["GET", "/nope"], ["POST", "/healthz"]] as const) {
        const res = await fetch(`http://127.0.0.1:${server.port}${path}`, { method });
        expect(res.status).toBe(404);
        await res.text();
      }
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
