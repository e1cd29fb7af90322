// The real @clawd/gateway-client as a device: it signs its connect with a key from
// @clawd/gateway-client/device, gets a device token, and later authenticates with it alone.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectGateway } from "@clawd/gateway-client";
import { deviceSigner, generateDeviceIdentity, parseDeviceIdentity } from "@clawd/gateway-client/device";
import { describe, expect, it } from "vitest";
import { startServer, TRANSPORTS, transportLabel, UWS_LOADS } from "./harness.js";

for (const transport of TRANSPORTS) {
  describe.skipIf(transport === "uws" && !UWS_LOADS)(`gateway-client as a device over ${transportLabel(transport)}`, () => {
    it("pairs locally, receives a token, reconnects with the token instead of the shared secret", async () => {
      const server = await startServer(transport, { auth: { mode: "token", token: "shared" }, stateDir: mkdtempSync(join(tmpdir(), "gw-client-dev-")) });
      const url = `ws://127.0.0.1:${server.port}`;
      const identity = parseDeviceIdentity(JSON.stringify(generateDeviceIdentity()));
      const device = deviceSigner(identity);
      const tokens: { deviceToken: string; role: string; scopes: string[] }[] = [];
      const first = await connectGateway({
        url,
        token: "shared",
        clientName: "cli",
        mode: "cli",
        scopes: ["operator.read"],
        device,
        onDeviceToken: (a) => tokens.push(a),
      });
      expect(tokens).toEqual([expect.objectContaining({ role: "operator", scopes: ["operator.read"], deviceToken: expect.stringMatching(/^[0-9a-f]{32}$/) })]);
      const listed = await connectGateway({ url, token: "shared" });
      const paired = (await listed.request("device.pair.list", {})) as { paired: { deviceId: string }[] };
      expect(paired.paired.map((d) => d.deviceId)).toEqual([identity.deviceId]);
      await first.close();
      const byToken = await connectGateway({ url, token: tokens[0]?.deviceToken, clientName: "cli", mode: "cli", scopes: ["operator.read"], device });
      expect(await byToken.request("health")).toMatchObject({ ok: true });
      await byToken.close();
      await expect(connectGateway({ url, token: tokens[0]?.deviceToken, clientName: "cli", mode: "cli", scopes: ["operator.read"] })).rejects.toThrow(
        /unauthorized/,
      );
      await listed.close();
    });
  });
}
