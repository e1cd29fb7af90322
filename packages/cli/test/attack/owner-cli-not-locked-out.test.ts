// Attack (issue 10 item 3, the same-client-id case): a local brute-forcer sends wrong tokens as
// client "cli" — the owner's own client id, which any process may claim — until the gateway
// throttles (127.0.0.1, "cli"). The owner's real `clawd` commands still get in undelayed: the
// CLI connects to a loopback gateway as its own device (identity in its state dir, paired
// without asking), and the throttle counts a known device that proves its key on its own.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { connectGateway } from "@clawd/gateway-client";
import { getFreePort } from "@clawd/test-kit/ports";
import { describe, expect, it } from "vitest";
import { runCli, type Sandbox, startCli, useSandboxPerTest } from "../cli-process.js";

const RIGHT = "right-token-owner-4d2c";
/** Few enough that every auth log line fits the gateway's 60 lines/min (none suppressed). */
const GUESSES = 30;
const PARALLEL = 5;

let box: Sandbox;
useSandboxPerTest((b) => {
  box = b;
});

/** One wrong (or right) token as client "cli" without a device; resolves to the error message or "connected". */
async function asCli(url: string, token: string): Promise<string> {
  try {
    const client = await connectGateway({ url, token, clientName: "cli", mode: "cli", reconnect: false });
    await client.close();
    return "connected";
  } catch (err) {
    return (err as Error).message;
  }
}

describe('the owner\'s clawd commands during a brute force as client "cli"', () => {
  it(`clawd gateway health / gateway call / status / logs get in undelayed while ${GUESSES} guesses run as "cli"; the guesses stay bounded`, async () => {
    const port = await getFreePort();
    const url = `ws://127.0.0.1:${port}`;
    const gw = startCli(["gateway", "--allow-unconfigured", "--port", String(port), "--token", RIGHT], box.env());
    await gw.waitFor("listening on");
    // First use: the CLI creates its identity and the gateway pairs it (a loopback device).
    const first = await runCli(["gateway", "health", "--port", String(port), "--token", RIGHT], box.env());
    expect(first.code, first.stderr).toBe(0);
    const { deviceId } = JSON.parse(readFileSync(join(box.state, "identity", "device.json"), "utf8")) as { deviceId: string };

    const results: string[] = [];
    let next = 0;
    let control: string | undefined;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < GUESSES) {
          const result = await asCli(url, `wrong-guess-${next++}`);
          results.push(result);
          // Once (127.0.0.1, "cli")'s next check is ≥ 6 s away, an unsigned client with the
          // right token is refused too: the gap a device closes (checked at once, with ≥ 1 s to spare).
          const retryInS = Number(/retry in (\d+)s/.exec(result)?.[1] ?? 0);
          if (control === undefined && retryInS >= 7) control = await asCli(url, RIGHT);
        }
      }),
    );
    expect(control).toMatch(/too many failed auth attempts/);

    for (const args of [["gateway", "health"], ["gateway", "call", "status"], ["status"], ["logs", "--limit", "1"]]) {
      const r = await runCli([...args, "--port", String(port), "--token", RIGHT], box.env());
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
    }
    const lines = gw.stderr.split("\n");
    expect(lines.filter((l) => /auth_(delayed|refused)/.test(l) && l.includes(`device=${deviceId}`))).toEqual([]);
    expect(lines.some((l) => l.includes("auth_refused") && l.includes('client="cli"'))).toBe(true);
    expect(lines.some((l) => /more auth events .* were not logged/.test(l))).toBe(false);
    // Brute force stays bounded: 10 free guesses, then one checked at once, one after 1 s, one after 2 s (5 s max wait).
    const checked = results.filter((m) => /unauthorized: gateway token mismatch/.test(m) && !/too many/.test(m)).length;
    expect(checked).toBeLessThanOrEqual(13);
    expect(results.filter((m) => /too many failed auth attempts/.test(m)).length).toBe(GUESSES - checked);
    gw.child.kill("SIGTERM");
    await gw.exited;
  });

  it("against a loopback gateway that does not pair local devices silently, commands still connect (again, without the device)", async () => {
    const port = await getFreePort();
    const set = await runCli(["config", "set", "gateway.nodes.autoApproveLocal", "false"], box.env());
    expect(set.code, set.stderr).toBe(0);
    const gw = startCli(["gateway", "--allow-unconfigured", "--port", String(port), "--token", RIGHT], box.env());
    await gw.waitFor("listening on");
    const r = await runCli(["gateway", "call", "device.pair.list", "--port", String(port), "--token", RIGHT, "--json"], box.env());
    expect(r.code, r.stderr).toBe(0);
    // The signed attempt filed a pairing request (the owner may approve it to get its own count).
    const { deviceId } = JSON.parse(readFileSync(join(box.state, "identity", "device.json"), "utf8")) as { deviceId: string };
    const listed = JSON.parse(r.stdout) as { pending: { deviceId: string }[]; paired: unknown[] };
    expect(listed.pending.map((p) => p.deviceId)).toEqual([deviceId]);
    expect(listed.paired).toEqual([]);
    gw.child.kill("SIGTERM");
    await gw.exited;
  });
});
