import { createFakeBin, type FakeBin } from "@clawd/test-kit/fake-bin";
import { getFreePort } from "@clawd/test-kit/ports";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSandbox, killAllClis, runCli, type Sandbox, startCli } from "./cli-process.js";

let box: Sandbox;
let ts: FakeBin;
const STATUS = JSON.stringify({ Self: { DNSName: "box.tail1234.ts.net." } });
beforeEach(() => {
  box = createSandbox();
  ts = createFakeBin("tailscale", {
    rules: [
      { argv: ["status", "--json"], stdout: STATUS },
      { argv: ["serve", "--bg", "--yes", "*"] },
      { argv: ["funnel", "--bg", "--yes", "*"] },
      { argv: ["*", "--https=443", "off"] },
    ],
  });
});
afterEach(async () => {
  await killAllClis();
  ts.cleanup();
  box.cleanup();
});

const env = () => box.env({ PATH: `${ts.dir}:${process.env.PATH}` });

describe("clawd gateway --tailscale (fake tailscale on PATH)", () => {
  it("serve advertises the gateway and, with reset on exit, removes only its mapping", async () => {
    const port = await getFreePort();
    const gw = startCli(["gateway", "--allow-unconfigured", "--port", String(port), "--tailscale", "serve", "--tailscale-reset-on-exit"], env());
    await gw.waitFor("MagicDNS:");
    expect(gw.stdout).toContain("✓ Tailscale identity detected");
    expect(gw.stdout).toContain("✓ advertising gateway via Tailscale Serve");
    expect(gw.stdout).toContain("✓ MagicDNS: https://box.tail1234.ts.net");
    gw.child.kill("SIGTERM");
    expect((await gw.exited).code).toBe(0);
    expect(ts.calls()).toEqual([
      ["status", "--json"],
      ["serve", "--bg", "--yes", String(port)],
      ["serve", "--https=443", "off"],
    ]);
  });

  it("funnel needs password auth, then prints the Funnel URL", async () => {
    const port = await getFreePort();
    const refused = await runCli(["gateway", "--allow-unconfigured", "--port", String(port), "--tailscale", "funnel", "--token", "t"], env());
    expect(refused.code).toBe(1);
    expect(refused.stderr.split("\n")[0]).toMatch(/^Tailscale funnel requires password auth/);
    expect(ts.calls()).toEqual([]);
    const gw = startCli(["gateway", "--allow-unconfigured", "--port", String(port), "--tailscale", "funnel", "--password", "pw"], env());
    await gw.waitFor("Funnel URL:");
    expect(gw.stdout).toContain("✓ Tailscale Funnel enabled");
    expect(gw.stdout).toContain("✓ Funnel URL: https://box.tail1234.ts.net:443");
    gw.child.kill("SIGTERM");
    expect((await gw.exited).code).toBe(0);
  });

  it("serve with a lan bind is refused before anything runs", async () => {
    const r = await runCli(
      ["gateway", "--allow-unconfigured", "--bind", "lan", "--token", "t", "--tailscale", "serve", "--port", String(await getFreePort())],
      env(),
    );
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe("Tailscale serve requires a loopback bind (current: lan).");
    expect(ts.calls()).toEqual([]);
  });
});
