import { describe, expect, it } from "vitest";
import { startGatewayServer } from "../src/index.js";
import { connectClient, openClient, connectParams, startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "./harness.js";
import "./unhandled.js";

describe.each(TRANSPORTS)("auth over %s", (transport) => {
  const run = transport === "uws" && !UWS_LOADS ? describe.skip : describe;
  run(transportLabel(transport), () => {
    it("accepts the right token", async () => {
      const server = await startServer(transport, { auth: { mode: "token", token: "s3cret" } });
      const { hello } = await connectClient(server, { auth: { token: "s3cret" } });
      expect(hello.ok).toBe(true);
    });

    it("rejects a wrong token with the upstream message and closes 1008", async () => {
      const server = await startServer(transport, { auth: { mode: "token", token: "s3cret" } });
      const { client, hello } = await connectClient(server, { auth: { token: "nope" } });
      const message = "unauthorized: gateway token mismatch (provide gateway auth token)";
      expect(hello).toEqual({ type: "res", id: "c1", ok: false, error: { code: "INVALID_REQUEST", message } });
      expect(await client.closeInfo()).toEqual({ code: 1008, reason: message });
      expect(server.stats().authFailures).toBe(1);
    });

    it("rejects a missing token with the CLI hint for cli clients", async () => {
      const server = await startServer(transport, { auth: { mode: "token", token: "s3cret" } });
      const { hello } = await connectClient(server, { client: { id: "cli", version: "1", platform: "linux", mode: "cli" } });
      expect((hello as any).error.message).toBe("unauthorized: gateway token missing (set gateway.remote.token to match gateway.auth.token)");
    });

    it("requires the token on loopback too", async () => {
      const server = await startServer(transport, { auth: { mode: "token", token: "s3cret" } });
      const { hello } = await connectClient(server);
      expect(hello.ok).toBe(false);
    });

    it("checks passwords in password mode", async () => {
      const server = await startServer(transport, { auth: { mode: "password", password: "pässwörd" } });
      expect((await connectClient(server, { auth: { password: "pässwörd" } })).hello.ok).toBe(true);
      const bad = await connectClient(server, { auth: { password: "pässwörd-but-longer" } });
      expect((bad.hello as any).error.message).toBe("unauthorized: gateway password mismatch (provide gateway auth password)");
    });

    it("delays, then refuses with retryAfterMs, a source past authFreeFailures; the right token still gets in later", async () => {
      const server = await startServer(transport, {
        auth: { mode: "token", token: "s3cret" },
        authFreeFailures: 2,
        authFailureBaseDelayMs: 5000,
        authMaxWaitMs: 1000,
      });
      for (let i = 0; i < 3; i++) expect((await connectClient(server, { auth: { token: "bad" } })).hello.ok).toBe(false);
      const { client, hello } = await connectClient(server, { auth: { token: "s3cret" } });
      const error = (hello as any).error;
      expect(error.code).toBe("INVALID_REQUEST");
      expect(error.message).toMatch(/^unauthorized: too many failed auth attempts; retry in \d+s$/);
      expect(error.retryable).toBe(true);
      expect(error.retryAfterMs).toBeGreaterThan(1000);
      expect(error.retryAfterMs).toBeLessThanOrEqual(5000);
      expect(await client.closeInfo()).toEqual({ code: 1008, reason: "unauthorized: too many failed auth attempts" });
      expect(server.stats().authRateLimited).toBe(1);
      // Another client id on the same address has its own count.
      expect((await connectClient(server, { auth: { token: "s3cret" }, client: { id: "cli", version: "1", platform: "linux", mode: "cli" } })).hello.ok).toBe(
        true,
      );
    });

    it("lets verifyIdentity vouch for a proxied Tailscale request without a token", async () => {
      const calls: { ip: string; login: string | undefined }[] = [];
      const server = await startServer(transport, {
        auth: { mode: "token", token: "s3cret" },
        tailscaleProxy: true,
        verifyIdentity: async (headers, ip) => {
          calls.push({ ip, login: headers["tailscale-user-login"] });
          return { login: "alice@example.com" };
        },
      });
      const client = await openClient(server, {
        headers: {
          "tailscale-user-login": "alice@example.com",
          "x-forwarded-for": "100.64.0.7",
          "x-forwarded-proto": "https",
          "x-forwarded-host": "box.ts.net",
        },
      });
      await client.event("connect.challenge");
      expect((await client.request("c", "connect", connectParams())).ok).toBe(true);
      expect(calls).toEqual([{ ip: "100.64.0.7", login: "alice@example.com" }]);
    });

    it("reports the identity hook's own reason when it rejects", async () => {
      const server = await startServer(transport, {
        auth: { mode: "token", token: "s3cret" },
        tailscaleProxy: true,
        verifyIdentity: async () => {
          throw new Error("whois timed out");
        },
      });
      const client = await openClient(server, { headers: { "tailscale-user-login": "bob@example.com", "x-forwarded-for": "100.64.0.8" } });
      await client.event("connect.challenge");
      const res = await client.request("c", "connect", connectParams());
      expect((res as any).error.message).toContain("tailscale identity rejected: identity check failed: whois timed out");
    });

    it("does not consult verifyIdentity for local-direct requests", async () => {
      let called = false;
      const server = await startServer(transport, {
        auth: { mode: "token", token: "s3cret" },
        verifyIdentity: async () => {
          called = true;
          return { login: "x" };
        },
      });
      const client = await openClient(server, { headers: { "tailscale-user-login": "x" } });
      await client.event("connect.challenge");
      expect((await client.request("c", "connect", connectParams())).ok).toBe(false);
      expect(called).toBe(false);
    });
  });
});

describe("bind policy", () => {
  it("refuses a non-loopback host when auth.mode is none", async () => {
    await expect(startGatewayServer({ port: 0, hosts: ["0.0.0.0"], transport: "ws" })).rejects.toThrow(/refusing to listen on 0\.0\.0\.0 without auth/);
  });

  it("refuses token mode without a token, naming the setting", async () => {
    await expect(startGatewayServer({ port: 0, auth: { mode: "token" }, transport: "ws" })).rejects.toThrow(/gateway\.auth\.token/);
  });
});
