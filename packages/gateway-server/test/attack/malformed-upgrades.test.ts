// Attack: malformed WebSocket upgrades. Both transports must answer each one alike (status
// line and body), and never with 101.
import { describe, expect, it } from "vitest";
import { UWS_MAX_HEADER_BYTES } from "../../src/limits.js";
import { startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "../harness.js";
import { rawRequest, upgradeHead } from "./raw-http.js";
import "../unhandled.js";

const CASES: { name: string; request: string; status: string; body: string }[] = [
  {
    name: "Sec-WebSocket-Version: 99",
    request: upgradeHead({ "Sec-WebSocket-Version": "99" }),
    status: "HTTP/1.1 400 Bad Request",
    body: "Sec-WebSocket-Version must be 13\n",
  },
  {
    name: "no Sec-WebSocket-Version",
    request: upgradeHead({ "Sec-WebSocket-Version": "" }),
    status: "HTTP/1.1 400 Bad Request",
    body: "Sec-WebSocket-Version must be 13\n",
  },
  {
    name: "a short key",
    request: upgradeHead({ "Sec-WebSocket-Key": "abc" }),
    status: "HTTP/1.1 400 Bad Request",
    body: "Sec-WebSocket-Key must be 16 bytes in base64\n",
  },
  {
    name: "a 24-character key that is not base64 of 16 bytes",
    request: upgradeHead({ "Sec-WebSocket-Key": "!!!!!!!!!!!!!!!!!!!!!!!!" }),
    status: "HTTP/1.1 400 Bad Request",
    body: "Sec-WebSocket-Key must be 16 bytes in base64\n",
  },
  { name: "a 100 KB header", request: upgradeHead({}, [`X-Big: ${"a".repeat(100_000)}`]), status: "HTTP/1.1 431 Request Header Fields Too Large", body: "" },
  {
    name: "a 20 KB header (over the 16 KiB cap)",
    request: upgradeHead({}, [`X-Big: ${"a".repeat(20_000)}`]),
    status: "HTTP/1.1 431 Request Header Fields Too Large",
    body: "upgrade request head is",
  },
  {
    name: "Upgrade without Connection: Upgrade",
    request: upgradeHead({ Connection: "keep-alive" }),
    status: "HTTP/1.1 400 Bad Request",
    body: "Connection header must include Upgrade\n",
  },
];

describe.each(TRANSPORTS)("malformed upgrades over %s", (transport) => {
  const run = transport === "uws" && !UWS_LOADS ? describe.skip : describe;
  run(transportLabel(transport), () => {
    it.each(CASES)("answers $name with $status", async ({ request, status, body }) => {
      const server = await startServer(transport);
      const res = await rawRequest(server.port, request);
      expect(res.status).toBe(status);
      expect(res.body.startsWith(body)).toBe(true);
      expect(server.stats().connections).toBe(0);
    });

    it("still upgrades a well-formed request (101) with headers just under the cap", async () => {
      const server = await startServer(transport, { maxUpgradeHeaderBytes: 4096 });
      expect((await rawRequest(server.port, upgradeHead({}, [`X-Pad: ${"a".repeat(3500)}`]))).status).toBe("HTTP/1.1 101 Switching Protocols");
      expect((await rawRequest(server.port, upgradeHead({}, [`X-Pad: ${"a".repeat(4096)}`]))).status).toBe("HTTP/1.1 431 Request Header Fields Too Large");
    });
  });
});

describe("uWS's own request-head limit", () => {
  it.skipIf(!UWS_LOADS)("uws: a maxUpgradeHeaderBytes above it is refused at startup, naming both fixes (skipped when no uWS binding loads)", async () => {
    await expect(startServer("uws", { maxUpgradeHeaderBytes: UWS_MAX_HEADER_BYTES + 1 })).rejects.toThrow(
      `invalid option maxUpgradeHeaderBytes: ${UWS_MAX_HEADER_BYTES + 1} is above uWebSockets.js's own request-head limit of ${UWS_MAX_HEADER_BYTES} bytes; lower it, or set UWS_HTTP_MAX_HEADERS_SIZE=${UWS_MAX_HEADER_BYTES + 1} in the environment before the gateway starts`,
    );
  });

  it.skipIf(!UWS_LOADS)("uws: a head just under it still reaches our validator, so our 431 body answers (skipped when no uWS binding loads)", async () => {
    const server = await startServer("uws", { maxUpgradeHeaderBytes: 16 * 1024 });
    const res = await rawRequest(server.port, upgradeHead({}, [`X-Big: ${"a".repeat(UWS_MAX_HEADER_BYTES - 1024)}`]));
    expect(res.status).toBe("HTTP/1.1 431 Request Header Fields Too Large");
    expect(res.body).toMatch(/^upgrade request head is \d+ bytes; the limit is 16384\n$/);
  });
});
