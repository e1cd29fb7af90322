// Failed logins leave a trace (issue 10 item 8): `clawd gateway` prints and logs one line per
// failure with the source, client id, mode and reason, and never the secret tried or set.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { connectGateway, GatewayConnectError } from "@clawd/gateway-client";
import { getFreePort } from "@clawd/test-kit/ports";
import { describe, expect, it } from "vitest";
import { type Sandbox, startCli, useSandboxPerTest } from "./cli-process.js";

const RIGHT = "right-token-7f3a9c";
const WRONG = "wrong-guess-b81d2e";

let box: Sandbox;
useSandboxPerTest((b) => {
  box = b;
});

describe("clawd gateway auth log", () => {
  it("prints and logs each failed login without the secret", async () => {
    const port = await getFreePort();
    const gw = startCli(["gateway", "--allow-unconfigured", "--port", String(port), "--token", RIGHT], box.env());
    await gw.waitFor("listening on");
    for (const token of [WRONG, undefined]) {
      const error = await connectGateway({ url: `ws://127.0.0.1:${port}`, ...(token ? { token } : {}) }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(GatewayConnectError);
    }
    await gw.waitFor(/auth_failed: .*reason=token_missing/);
    const lines = gw.stderr.split("\n").filter((l) => l.includes("auth_failed"));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/gateway auth_failed: ip=127\.0\.0\.1 client="[^"]+" clientMode="[^"]+" auth=token reason=token_mismatch$/);
    const logFile = readFileSync(join(box.state, "logs", "gateway.log"), "utf8");
    expect(logFile).toContain("reason=token_mismatch");
    for (const text of [gw.stdout, gw.stderr, logFile]) {
      expect(text).not.toContain(WRONG);
      expect(text).not.toContain(RIGHT);
    }
  });
});
