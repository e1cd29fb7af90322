// Tailscale identity end to end (issue 10 item 11): `clawd gateway --tailscale serve` with
// gateway.auth.allowTailscale=true, a local proxy adding the headers `tailscale serve` adds,
// and a fake `tailscale` whose `whois --json` answers like the real one (or refuses).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createFakeBin, type FakeBin } from "@clawd/test-kit/fake-bin";
import { getFreePort } from "@clawd/test-kit/ports";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectGateway, GatewayConnectError } from "@clawd/gateway-client";
import { createSandbox, killAllClis, type Sandbox, startCli } from "./cli-process.js";
import { startTailscaleServeProxy } from "./tailscale-serve-proxy.js";

const PUBLIC_HOST = "box.tail1234.ts.net";
const ALICE = { address: "100.70.0.9", login: "alice@example.com", name: "Alice" };
const MALLORY = { address: "100.70.0.66", login: "mallory@example.com", name: "Mallory" };
/** What `tailscale whois --json <ip>` prints for a known peer (trimmed to the fields read). */
const WHOIS_ALICE = JSON.stringify({
  Node: { ID: 1, Name: "alices-laptop.tail1234.ts.net.", Addresses: ["100.70.0.9/32"] },
  UserProfile: { ID: 42, LoginName: "alice@example.com", DisplayName: "Alice", ProfilePicURL: "" },
});

let box: Sandbox;
let ts: FakeBin;
const closers: (() => Promise<void>)[] = [];
beforeEach(() => {
  box = createSandbox();
  ts = createFakeBin("tailscale", {
    rules: [
      { argv: ["status", "--json"], stdout: JSON.stringify({ Self: { DNSName: `${PUBLIC_HOST}.` } }) },
      { argv: ["serve", "--bg", "--yes", "*"] },
      { argv: ["whois", "--json", ALICE.address], stdout: WHOIS_ALICE },
      // The real CLI's answer for an address that is no tailnet peer.
      { argv: ["whois", "--json", "*"], stderr: "peer not found\n", code: 1 },
    ],
  });
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await killAllClis();
  ts.cleanup();
  box.cleanup();
});

/** Connects through `port` with the real client and no token; the connect error message when refused. */
async function connectWithoutToken(port: number): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    const gw = await connectGateway({ url: `ws://127.0.0.1:${port}` });
    await gw.close();
    return { ok: true };
  } catch (error) {
    if (GatewayConnectError.isInstance(error)) return { ok: false, message: error.message };
    throw error;
  }
}

async function startGateway(): Promise<number> {
  const port = await getFreePort();
  mkdirSync(box.state, { recursive: true });
  writeFileSync(
    join(box.state, "clawd.json"),
    JSON.stringify({ gateway: { mode: "local", port, auth: { mode: "token", token: "owner-token-123", allowTailscale: true }, tailscale: { mode: "serve" } } }),
  );
  const gw = startCli(["gateway"], box.env({ PATH: `${ts.dir}:${process.env.PATH}` }));
  await gw.waitFor("MagicDNS:");
  return port;
}

describe("Tailscale identity through a tailscale-serve proxy (fake tailscale on PATH)", () => {
  it("a tailnet peer whose whois login matches the header connects without a token; whois ran for its address", async () => {
    const port = await startGateway();
    const proxy = await startTailscaleServeProxy(port, ALICE, PUBLIC_HOST);
    closers.push(proxy.close);
    expect(await connectWithoutToken(proxy.port)).toMatchObject({ ok: true });
    expect(ts.calls()).toContainEqual(["whois", "--json", ALICE.address]);
  });

  it("a peer tailscale whois does not know is refused, naming the unverified login", async () => {
    const port = await startGateway();
    const proxy = await startTailscaleServeProxy(port, MALLORY, PUBLIC_HOST);
    closers.push(proxy.close);
    const refused = await connectWithoutToken(proxy.port);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? "" : refused.message).toContain("tailscale identity rejected: login mallory@example.com not verified");
    expect(ts.calls()).toContainEqual(["whois", "--json", MALLORY.address]);
  });
});
