// Attack trace: every failed login and throttle decision leaves one log line (source, client
// id, mode, reason), never the secret, and a flood cannot write more than the per-minute cap.
import { describe, expect, it } from "vitest";
import type { GatewayLogger } from "../../src/index.js";
import { connectClient, startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "../harness.js";
import "../unhandled.js";

function recordingLogger(): GatewayLogger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (m: string) => void lines.push(m);
  return { lines, debug: keep, info: keep, warn: keep, error: keep };
}

describe.each(TRANSPORTS)("auth log over %s", (transport) => {
  const run = transport === "uws" && !UWS_LOADS ? describe.skip : describe;
  run(transportLabel(transport), () => {
    it("logs each failure with ip, client id, mode and reason, never a secret", async () => {
      const logger = recordingLogger();
      const server = await startServer(transport, { auth: { mode: "token", token: "real-secret-xyz" }, logger });
      await connectClient(server, { auth: { token: "guessed-secret-abc" }, client: { id: "cli", version: "1", platform: "linux", mode: "cli" } });
      await connectClient(server, {});
      const lines = logger.lines.filter((l) => l.includes("auth_failed"));
      expect(lines).toEqual([
        'gateway auth_failed: ip=127.0.0.1 client="cli" clientMode="cli" auth=token reason=token_mismatch',
        'gateway auth_failed: ip=127.0.0.1 client="test" clientMode="test" auth=token reason=token_missing',
      ]);
      expect(logger.lines.join("\n")).not.toMatch(/real-secret-xyz|guessed-secret-abc/);
    });

    it("writes at most authLogLinesPerMinute lines however many attempts fail", async () => {
      const logger = recordingLogger();
      const server = await startServer(transport, { auth: { mode: "token", token: "s" }, logger, authLogLinesPerMinute: 3, authFreeFailures: 100 });
      for (let i = 0; i < 12; i++) await connectClient(server, { auth: { token: `bad-${i}` } });
      expect(server.stats().authFailures).toBe(12);
      expect(logger.lines.filter((l) => l.includes("auth_failed"))).toHaveLength(3);
    });
  });
});
