// Attack: a local brute-forcer hammers the token while the owner's CLI connects from the same
// address. Brute force must stay slow (few guesses checked) and the owner must get in at once.
import { describe, expect, it } from "vitest";
import type { GatewayLogger, GatewayServer } from "../../src/index.js";
import { connectParams, openClient, startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "../harness.js";
import "../unhandled.js";

const BRUTE_ATTEMPTS = 60;
const BRUTE_PARALLEL = 6;
/** Every client id the server accepts except the owner's. */
const ROTATING_IDS = ["webchat-ui", "moltbot-control-ui", "webchat", "gateway-client", "moltbot-macos", "moltbot-ios", "moltbot-android", "node-host", "test", "fingerprint", "moltbot-probe"];
const CLI_CLIENT = { id: "cli", version: "1.0.0", platform: "linux", mode: "cli" };

function recordingLogger(): GatewayLogger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (m: string) => void lines.push(m);
  return { lines, debug: keep, info: keep, warn: keep, error: keep };
}

async function tryToken(server: GatewayServer, token: string, client: Record<string, string>): Promise<{ ok: boolean; error?: { message: string } }> {
  const c = await openClient(server);
  await c.event("connect.challenge");
  const res = await c.request("c", "connect", connectParams({ auth: { token }, client }));
  c.terminate();
  return res as unknown as { ok: boolean; error?: { message: string } };
}

/** A bounded brute-force loop: `attempts` wrong tokens over `parallel` sockets at a time. */
async function bruteForce(server: GatewayServer, attempts: number, parallel: number, clientId: (i: number) => string): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < attempts) {
      const i = next++;
      await tryToken(server, `guess-${i}`, { id: clientId(i), version: "1", platform: "linux", mode: "backend" });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

describe.each(TRANSPORTS)("owner not locked out over %s", (transport) => {
  const run = transport === "uws" && !UWS_LOADS ? describe.skip : describe;
  run(transportLabel(transport), () => {
    it(`the owner's right token connects undelayed while a local brute-forcer (${BRUTE_ATTEMPTS} guesses) runs; brute force stays slow`, async () => {
      const logger = recordingLogger();
      const server = await startServer(transport, { auth: { mode: "token", token: "the-right-token" }, logger });
      const brute = bruteForce(server, BRUTE_ATTEMPTS, BRUTE_PARALLEL, () => "gateway-client");
      const c = await openClient(server);
      await c.event("connect.challenge");
      await c.until(() => server.stats().authFailures >= 10, "the brute-forcer to spend its free failures");
      const owner = await c.request("c", "connect", connectParams({ auth: { token: "the-right-token" }, client: CLI_CLIENT }));
      expect(owner.ok).toBe(true);
      await brute;
      // The owner's attempt was never held back: no throttle line names its client id.
      expect(logger.lines.filter((l) => l.includes('client="cli"'))).toEqual([]);
      const stats = server.stats();
      // 10 free guesses, then checks spaced 1 s, 2 s apart and the rest refused unchecked (5 s max wait).
      expect(stats.authFailures).toBeLessThanOrEqual(13);
      expect(stats.authFailures + stats.authRateLimited).toBe(BRUTE_ATTEMPTS);
      expect(logger.lines.some((l) => l.includes("auth_refused") && l.includes('client="gateway-client"'))).toBe(true);
    });

    it("a brute-forcer rotating client ids cannot reach an owner who connected before", async () => {
      const logger = recordingLogger();
      const server = await startServer(transport, { auth: { mode: "token", token: "the-right-token" }, logger, authSourcesPerIp: 4, authFreeFailures: 2 });
      expect((await tryToken(server, "the-right-token", CLI_CLIENT)).ok).toBe(true);
      await bruteForce(server, 40, 4, (i) => ROTATING_IDS[i % ROTATING_IDS.length] as string);
      expect(server.stats().authRateLimited).toBeGreaterThan(0);
      // Client ids beyond authSourcesPerIp share one count; the owner, known from its success, keeps its own.
      expect((await tryToken(server, "the-right-token", CLI_CLIENT)).ok).toBe(true);
      expect(logger.lines.filter((l) => l.includes('client="cli"'))).toEqual([]);
    });
  });
});
