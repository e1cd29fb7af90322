import { createFakeBin, type FakeBin } from "@clawd/test-kit/fake-bin";
import { afterEach, describe, expect, it } from "vitest";
import { isPermissionFailure, parseNoisyJson, type Runner, spawnRunner, Tailscale } from "./tailscale.js";

const fakes: FakeBin[] = [];
afterEach(() => {
  for (const f of fakes.splice(0)) f.cleanup();
});

/** A runner that resolves `tailscale`/`sudo` to the fakes' directory. */
function runnerFor(dir: string): Runner {
  return (command, args, timeoutMs) => spawnRunner(command.includes("/") ? command : `${dir}/${command}`, args, timeoutMs);
}

const STATUS = JSON.stringify({ Self: { DNSName: "box.tail1234.ts.net.", TailscaleIPs: ["100.101.102.103"] } });

describe("Tailscale against a fake tailscale executable", () => {
  it("reads the MagicDNS name from noisy status --json, falling back to the first IP", async () => {
    const ts = createFakeBin("tailscale", { rules: [{ argv: ["status", "--json"], stdout: `warning: something\n${STATUS}\n` }] });
    fakes.push(ts);
    expect(await new Tailscale(runnerFor(ts.dir)).hostname()).toBe("box.tail1234.ts.net");
    ts.setBehaviour({ rules: [{ argv: ["status", "--json"], stdout: JSON.stringify({ Self: { TailscaleIPs: ["100.1.2.3"] } }) }] });
    expect(await new Tailscale(runnerFor(ts.dir)).hostname()).toBe("100.1.2.3");
  });

  it("serve runs `serve --bg --yes <port>`; a permission error is retried once with sudo -n", async () => {
    const ts = createFakeBin("tailscale", {
      rules: [{ argv: ["serve", "--bg", "--yes", "18789"], stderr: "Access denied: serve config denied\n", code: 1 }],
    });
    const sudo = createFakeBin("sudo", { rules: [{ argv: ["-n", "tailscale", "serve", "--bg", "--yes", "18789"] }] }, { dir: ts.dir });
    fakes.push(ts);
    await new Tailscale(runnerFor(ts.dir)).expose("serve", 18789);
    expect(ts.calls()).toEqual([["serve", "--bg", "--yes", "18789"]]);
    expect(sudo.calls()).toEqual([["-n", "tailscale", "serve", "--bg", "--yes", "18789"]]);
  });

  it("a failing sudo rethrows the original error; a non-permission error never uses sudo", async () => {
    const ts = createFakeBin("tailscale", { rules: [{ argv: ["funnel", "**"], stderr: "permission denied\n", code: 1 }] });
    const sudo = createFakeBin("sudo", { rules: [], fallback: { stderr: "sudo: a password is required\n", code: 1 } }, { dir: ts.dir });
    fakes.push(ts);
    await expect(new Tailscale(runnerFor(ts.dir)).expose("funnel", 443)).rejects.toThrow("tailscale funnel --bg --yes 443 failed: permission denied");
    expect(sudo.calls()).toHaveLength(1);
    ts.setBehaviour({ rules: [{ argv: ["serve", "**"], stderr: "serve: funnel not available\n", code: 1 }] });
    sudo.clearCalls();
    await expect(new Tailscale(runnerFor(ts.dir)).expose("serve", 1)).rejects.toThrow(/funnel not available/);
    expect(sudo.calls()).toHaveLength(0);
  });

  it("reset on exit removes only the HTTPS 443 mapping", async () => {
    const ts = createFakeBin("tailscale", { rules: [{ argv: ["serve", "--https=443", "off"] }] });
    fakes.push(ts);
    await new Tailscale(runnerFor(ts.dir)).unexpose("serve");
    expect(ts.calls()).toEqual([["serve", "--https=443", "off"]]);
  });

  it("verifyIdentity: whois login of the forwarded tailnet address must match the header, cached", async () => {
    const ts = createFakeBin("tailscale", {
      rules: [{ argv: ["whois", "--json", "100.70.0.9"], stdout: JSON.stringify({ UserProfile: { LoginName: "Alice@example.com" } }) }],
      fallback: { stderr: "no such peer\n", code: 1 },
    });
    fakes.push(ts);
    const t = new Tailscale(runnerFor(ts.dir));
    const headers = { "tailscale-user-login": "alice@example.com", "x-forwarded-for": "100.70.0.9" };
    expect(await t.verifyIdentity(headers, "100.70.0.9")).toEqual({ login: "Alice@example.com" });
    expect(await t.verifyIdentity(headers, "100.70.0.9")).toEqual({ login: "Alice@example.com" });
    expect(ts.calls()).toEqual([["whois", "--json", "100.70.0.9"]]);
    expect(await t.verifyIdentity({ ...headers, "tailscale-user-login": "mallory@example.com" }, "100.70.0.9")).toBeNull();
    expect(await t.verifyIdentity(headers, "100.70.0.10")).toBeNull();
    expect(await t.verifyIdentity({}, "100.70.0.9")).toBeNull();
  });

  it("classifies permission failures and parses noisy JSON", () => {
    expect(isPermissionFailure({ code: 1, stdout: "", stderr: "must be run as root" })).toBe(true);
    expect(isPermissionFailure({ code: 1, stdout: "", stderr: "unknown flag" })).toBe(false);
    expect(parseNoisyJson('x {"a":1} y')).toEqual({ a: 1 });
    expect(parseNoisyJson("nothing")).toBeUndefined();
  });
});

describe("spawnRunner", () => {
  it("leaves no timer behind when the command does not exist (doctor used to hang 5 s)", async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const before = timers();
    const result = await spawnRunner("clawd-no-such-command-4f2a", ["--version"], 60_000);
    expect(result.error?.code).toBe("ENOENT");
    expect(timers()).toBe(before);
  });
});
