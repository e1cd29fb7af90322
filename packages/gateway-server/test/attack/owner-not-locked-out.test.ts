// Attack: a local brute-forcer hammers the token while the owner's CLI connects from the same
// address. Brute force must stay slow (few guesses checked) and the owner must get in at once —
// also when the brute-forcer claims the owner's own client id "cli", mints a device key pair
// per guess, or forges signatures in the name of the owner's device.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectGateway } from "@clawd/gateway-client";
import { type DeviceSigner, deviceSigner, generateDeviceIdentity } from "@clawd/gateway-client/device";
import { describe, expect, it } from "vitest";
import type { GatewayLogger, GatewayServer } from "../../src/index.js";
import { createTestDevice, signedConnect, type TestDevice } from "../device-keys.js";
import { connectParams, openClient, startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "../harness.js";
import "../unhandled.js";

const BRUTE_ATTEMPTS = 60;
const BRUTE_PARALLEL = 6;
/** Every client id the server accepts except the owner's. */
const ROTATING_IDS = [
  "webchat-ui",
  "moltbot-control-ui",
  "webchat",
  "gateway-client",
  "moltbot-macos",
  "moltbot-ios",
  "moltbot-android",
  "node-host",
  "test",
  "fingerprint",
  "moltbot-probe",
];
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
  await bruteLoop(attempts, parallel, (i) => tryToken(server, `guess-${i}`, { id: clientId(i), version: "1", platform: "linux", mode: "backend" }));
}

async function bruteLoop(attempts: number, parallel: number, attempt: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < attempts) await attempt(next++);
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** One wrong guess as client "cli", signed over this connection's nonce by `device` (forged when `signer` is another key). */
async function trySigned(server: GatewayServer, token: string, device: TestDevice, signer?: TestDevice): Promise<void> {
  const c = await openClient(server);
  const challenge = await c.event("connect.challenge");
  const nonce = (challenge.payload as { nonce: string }).nonce;
  await c.request("c", "connect", signedConnect(device, { nonce, token, clientId: "cli", mode: "cli", ...(signer ? { signer } : {}) }));
  c.terminate();
}

/** The owner's CLI as @clawd/gateway-client connects it: client "cli", signed with its device key. */
async function ownerConnects(server: GatewayServer, device: DeviceSigner): Promise<void> {
  const client = await connectGateway({
    url: `ws://127.0.0.1:${server.port}`,
    token: "the-right-token",
    clientName: "cli",
    mode: "cli",
    device,
    reconnect: false,
  });
  expect(await client.request("health")).toMatchObject({ ok: true });
  await client.close();
}

/** Lines where the throttle held back or refused attempts of the owner's device (none may exist). */
const ownerThrottled = (lines: string[], deviceId: string) => lines.filter((l) => /auth_(delayed|refused)/.test(l) && l.includes(`device=${deviceId}`));

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

    describe('a brute-forcer claiming the owner\'s own client id "cli"', () => {
      // Spare log lines: an owner's throttle line must not be lost to the per-minute log budget.
      const start = (logger = recordingLogger()) =>
        startServer(transport, {
          auth: { mode: "token", token: "the-right-token" },
          logger,
          authLogLinesPerMinute: 100_000,
          stateDir: mkdtempSync(join(tmpdir(), "gw-owner-")),
        });
      const ownerDevice = () => deviceSigner(generateDeviceIdentity());

      it(`with wrong tokens (${BRUTE_ATTEMPTS} guesses): the owner's signed CLI counts as its device and gets in undelayed; guesses stay bounded`, async () => {
        const logger = recordingLogger();
        const server = await start(logger);
        const device = ownerDevice();
        await ownerConnects(server, device); // paired (local auto-approval): a known device from now on
        const brute = bruteForce(server, BRUTE_ATTEMPTS, BRUTE_PARALLEL, () => "cli");
        const watch = await openClient(server);
        await watch.until(() => server.stats().authFailures >= 10, "the brute-forcer to spend the free failures of (127.0.0.1, cli)");
        const sourced = server.stats().authDeviceSourced;
        await ownerConnects(server, device);
        expect(server.stats().authDeviceSourced).toBe(sourced + 1);
        await brute;
        expect(ownerThrottled(logger.lines, device.id)).toEqual([]);
        // The brute-forcer's "cli" was throttled all along: the owner did not get in through a quiet count.
        expect(logger.lines.some((l) => l.includes("auth_refused") && l.includes('client="cli"') && !l.includes("device="))).toBe(true);
        const stats = server.stats();
        expect(stats.authFailures).toBeLessThanOrEqual(13);
        expect(stats.authFailures + stats.authRateLimited).toBe(BRUTE_ATTEMPTS);
      });

      it("minting a fresh device key pair per guess gains no free failures; the owner still gets in undelayed", async () => {
        const logger = recordingLogger();
        const server = await start(logger);
        const device = ownerDevice();
        await ownerConnects(server, device);
        const brute = bruteLoop(BRUTE_ATTEMPTS, BRUTE_PARALLEL, (i) => trySigned(server, `guess-${i}`, createTestDevice()));
        const watch = await openClient(server);
        await watch.until(() => server.stats().authFailures >= 10, "the brute-forcer to spend the free failures of (127.0.0.1, cli)");
        await ownerConnects(server, device);
        await brute;
        expect(ownerThrottled(logger.lines, device.id)).toEqual([]);
        const stats = server.stats();
        // Unknown devices count against their client id: as bounded as unsigned guesses.
        expect(stats.authFailures).toBeLessThanOrEqual(13);
        expect(stats.authFailures + stats.authRateLimited).toBe(BRUTE_ATTEMPTS);
      });

      it('forging signatures in the name of the owner\'s device: no secret is checked, each forgery counts against "cli", the owner gets in undelayed', async () => {
        const logger = recordingLogger();
        const server = await start(logger);
        const device = ownerDevice();
        await ownerConnects(server, device);
        const impostor: TestDevice = { id: device.id, publicKey: device.publicKey, privateKey: createTestDevice().privateKey };
        await bruteLoop(BRUTE_ATTEMPTS, BRUTE_PARALLEL, (i) => trySigned(server, `guess-${i}`, impostor));
        let stats = server.stats();
        expect(stats.deviceProofFailures).toBe(BRUTE_ATTEMPTS);
        expect(stats.authFailures).toBe(0);
        await ownerConnects(server, device);
        expect(ownerThrottled(logger.lines, device.id)).toEqual([]);
        // The forgeries were failures of (127.0.0.1, cli): of two more unsigned "cli" guesses the
        // first is checked at once, the next would be due 30 s later and is refused.
        expect(stats.authRateLimited).toBe(0);
        await tryToken(server, "one-more-guess", CLI_CLIENT);
        await tryToken(server, "another-guess", CLI_CLIENT);
        stats = server.stats();
        expect(stats.authFailures).toBe(1);
        expect(stats.authRateLimited).toBe(1);
      });

      it("bad signatures from unknown keys are failures too: after the free ones they are throttled, not verified without bound", async () => {
        const server = await start();
        await bruteLoop(20, 4, (i) => {
          const stranger = createTestDevice();
          return trySigned(server, `guess-${i}`, stranger, createTestDevice());
        });
        const stats = server.stats();
        expect(stats.authFailures).toBe(0);
        // 10 free, then checks spaced 1 s, 2 s, 4 s apart (5 s max wait); the rest are refused
        // before any signature check.
        expect(stats.deviceProofFailures).toBeLessThanOrEqual(14);
        expect(stats.deviceProofFailures + stats.authRateLimited).toBe(20);
        expect(stats.authRateLimited).toBeGreaterThan(0);
      });

      it('a device never seen with the right secret does not get its own count (a fresh key with a wrong token is throttled as "cli")', async () => {
        const server = await start();
        for (let i = 0; i < 12; i++) await tryToken(server, `guess-${i}`, CLI_CLIENT);
        const before = server.stats();
        await trySigned(server, "wrong", createTestDevice());
        const after = server.stats();
        expect(after.authDeviceSourced).toBe(0);
        expect(after.authDelayed + after.authRateLimited).toBe(before.authDelayed + before.authRateLimited + 1);
      });
    });
  });
});
