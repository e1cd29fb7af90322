// The colleague's @clawd/gateway-client against this server on both transports. Its strict frame
// parser reports malformed frames through onMalformedFrame; any such report fails the test.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "./harness.js";
import "./unhandled.js";

const clientDist = (() => {
  try {
    return join(dirname(createRequire(import.meta.url).resolve("@clawd/gateway-client/package.json")), "dist", "index.js");
  } catch {
    return "";
  }
})();
const CLIENT_BUILT = clientDist !== "" && existsSync(clientDist);

type ClientModule = typeof import("@clawd/gateway-client");
const loadClient = (): Promise<ClientModule> => import("@clawd/gateway-client");

describe.each(TRANSPORTS)("real @clawd/gateway-client over %s", (transport) => {
  const skip = (transport === "uws" && !UWS_LOADS) || !CLIENT_BUILT;
  const label = !CLIENT_BUILT ? `${transport} (skipped: packages/gateway-client/dist is not built)` : transportLabel(transport);
  (skip ? describe.skip : describe)(label, () => {
    it("connects with a token, calls methods, receives events in order, sees shutdown", async () => {
      const { connectGateway } = await loadClient();
      const server = await startServer(transport, { auth: { mode: "token", token: "tok" }, version: "1.0.0" });
      server.registerMethod("echo", (params) => params, { scope: "read" });
      const malformed: unknown[] = [];
      const gaps: unknown[] = [];
      const closes: [number, string][] = [];
      const client = await connectGateway({
        url: server.urls[0]!,
        token: "tok",
        reconnect: false,
        onMalformedFrame: (info) => malformed.push(info),
        onGap: (gap) => gaps.push(gap),
        onClose: (code, reason) => closes.push([code, reason]),
      });
      expect(client.hello.server?.version).toBe("1.0.0");
      expect(await client.request("health")).toMatchObject({ ok: true, defaultAgentId: "main" });
      expect(await client.request("echo", { a: [1, "ü"] })).toEqual({ a: [1, "ü"] });
      await expect(client.request("nope")).rejects.toMatchObject({ code: "INVALID_REQUEST", message: "unknown method: nope" });
      const got: number[] = [];
      const done = new Promise<void>((resolve) => {
        client.on("custom", (payload) => {
          got.push((payload as { n: number }).n);
          if (got.length === 20) resolve();
        });
      });
      for (let n = 0; n < 20; n++) server.broadcast("custom", { n });
      await done;
      expect(got).toEqual(Array.from({ length: 20 }, (_, n) => n));
      const shutdown = new Promise<unknown>((resolve) => client.on("shutdown", (payload) => resolve(payload)));
      await server.close();
      expect(await shutdown).toEqual({ reason: "gateway stopping" });
      while (closes.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(closes[0]).toEqual([1012, "service restart"]);
      expect(malformed).toEqual([]);
      expect(gaps).toEqual([]);
    });

    it("surfaces a token mismatch as a connect error carrying the server's text", async () => {
      const { connectGateway } = await loadClient();
      const server = await startServer(transport, { auth: { mode: "token", token: "tok" } });
      await expect(connectGateway({ url: server.urls[0]!, token: "bad", reconnect: false })).rejects.toThrow(/gateway token mismatch/);
    });
  });
});
