// Attack: a local process rotates X-Forwarded-For / X-Real-IP to get a fresh auth budget per
// guess. Forwarded headers must count only from a configured trusted proxy.
import { describe, expect, it } from "vitest";
import type { GatewayLogger } from "../../src/index.js";
import { connectParams, openClient, startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "../harness.js";
import "../unhandled.js";

const ATTEMPTS = 30;

/** A logger that keeps every line (the auth log names the source it counted). */
function recordingLogger(): GatewayLogger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (m: string) => void lines.push(m);
  return { lines, debug: keep, info: keep, warn: keep, error: keep };
}

async function attempt(server: Awaited<ReturnType<typeof startServer>>, headers: Record<string, string>, token: string) {
  const client = await openClient(server, { headers });
  await client.event("connect.challenge");
  const res = await client.request("c", "connect", connectParams({ auth: { token } }));
  client.terminate();
  return res as unknown as { ok: boolean; error?: { message: string } };
}

describe.each(TRANSPORTS)("forwarded headers over %s", (transport) => {
  const run = transport === "uws" && !UWS_LOADS ? describe.skip : describe;
  run(transportLabel(transport), () => {
    it(`rotating X-Forwarded-For from an untrusted loopback peer gets no fresh budget (${ATTEMPTS} wrong tokens)`, async () => {
      const server = await startServer(transport, {
        auth: { mode: "token", token: "right" },
        authFreeFailures: 5,
        authFailureBaseDelayMs: 60_000,
        authMaxWaitMs: 0,
      });
      let checked = 0;
      let limited = 0;
      for (let i = 0; i < ATTEMPTS; i++) {
        const res = await attempt(server, { "x-forwarded-for": `10.0.${i}.1`, "x-real-ip": `10.1.${i}.1` }, `guess-${i}`);
        expect(res.ok).toBe(false);
        if (res.error?.message.includes("mismatch")) checked += 1;
        if (res.error?.message.includes("too many failed auth attempts")) limited += 1;
      }
      // 5 free guesses, one delayed guess that goes at once, then every attempt is refused unchecked.
      expect(checked).toBe(6);
      expect(limited).toBe(ATTEMPTS - 6);
      expect(server.stats().authFailures).toBe(6);
    });

    it("behind a trusted proxy, the right-most untrusted X-Forwarded-For hop (else X-Real-IP) is the client", async () => {
      const logger = recordingLogger();
      const server = await startServer(transport, { auth: { mode: "token", token: "right" }, trustedProxies: ["127.0.0.0/8", "192.168.7.7"], logger });
      await attempt(server, { "x-forwarded-for": "6.6.6.6, 100.64.0.9, 192.168.7.7" }, "wrong");
      await attempt(server, { "x-real-ip": "100.64.0.10" }, "wrong");
      await attempt(server, {}, "wrong");
      const sources = logger.lines.filter((l) => l.includes("auth_failed")).map((l) => /ip=(\S+)/.exec(l)?.[1]);
      expect(sources).toEqual(["100.64.0.9", "100.64.0.10", "127.0.0.1"]);
    });

    it("refuses a trustedProxies entry that is not an address or CIDR range, naming it", async () => {
      await expect(startServer(transport, { trustedProxies: ["10.0.0.0/33"] })).rejects.toThrow(
        'invalid option trustedProxies: "10.0.0.0/33" is not an IP address or CIDR range (e.g. 127.0.0.1 or 10.0.0.0/8)',
      );
    });
  });
});
