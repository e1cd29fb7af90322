// Issue 10 item 1 and 12: every string flag reaches the CLI verbatim (cac/mri used to turn
// `--token 0123` into 123 and `--token ""` into 0), an empty secret from a flag, the
// environment or the config is a usage error naming its source, and every bad profile
// name is a usage error with the hint. Runs the built bin against a real gateway.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getFreePort } from "@clawd/test-kit/ports";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, createSandbox, killAllClis, runCli, type Sandbox, startCli } from "./cli-process.js";

/** A gateway that wrongly starts (as main did with `--token ""`) is killed after this long. */
const BOUNDED_RUN_MS = 10_000;

let box: Sandbox;
beforeAll(() => {
  box = createSandbox();
});
afterEach(async () => {
  await killAllClis();
});
afterAll(() => box.cleanup());

/** Runs the CLI, SIGKILLing it if it is still running after BOUNDED_RUN_MS (a server that should not have started). */
async function runBounded(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const cli = startCli(args, env);
  const timer = setTimeout(() => cli.child.kill("SIGKILL"), BOUNDED_RUN_MS);
  try {
    return await cli.exited;
  } finally {
    clearTimeout(timer);
  }
}

function writeConfig(config: unknown): string {
  mkdirSync(box.state, { recursive: true });
  const path = join(box.state, "clawd.json");
  writeFileSync(path, JSON.stringify(config));
  return path;
}

describe("string flags are read verbatim", () => {
  it('--token 0123 is enforced as "0123": the right token gets in, "123" does not', async () => {
    writeConfig({ gateway: { mode: "local" } });
    const port = await getFreePort();
    const gw = startCli(["gateway", "--port", String(port), "--token", "0123"], box.env());
    await gw.waitFor("transport:");
    const url = `ws://127.0.0.1:${port}`;
    const right = await runCli(["gateway", "health", "--url", url, "--token", "0123", "--timeout", "5000"], box.env());
    expect(right.code).toBe(0);
    const numeric = await runCli(["gateway", "health", "--url", url, "--token", "123", "--timeout", "5000"], box.env());
    expect(numeric.code).not.toBe(0);
    const equalsForm = await runCli(["gateway", "health", `--url=${url}`, "--token=0123", "--timeout=5000"], box.env());
    expect(equalsForm.code).toBe(0);
    gw.child.kill("SIGTERM");
    await gw.exited;
  });

  it.each([
    [["gateway", "call", "health", "--url", "0x10"], 'Invalid --url "0x10"'],
    [["gateway", "--host", "1e3"], 'Invalid --host "1e3"'],
    [["gateway", "call", "health", "--params", "0x1", "--url", "ws://127.0.0.1:9"], "Invalid --params: not valid JSON"],
    [["gateway", "--port", "0x50"], 'Invalid --port "0x50"'],
  ])("%j is a usage error quoting the value as typed", async (args, message) => {
    const r = await runBounded(args, box.env());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it("config set keeps a numeric-looking secret as the string typed", async () => {
    const path = writeConfig({ gateway: { mode: "local" } });
    for (const value of ["0123", "123", "1e3"]) {
      const r = await runCli(["config", "set", "gateway.auth.token", value], box.env());
      expect(r.code).toBe(0);
      expect(JSON.parse(readFileSync(path, "utf8")).gateway.auth.token).toBe(value);
    }
    expect((await runCli(["config", "set", "gateway.port", "1234"], box.env())).code).toBe(0);
    expect(JSON.parse(readFileSync(path, "utf8")).gateway.port).toBe(1234); // numbers stay numbers where the key wants one
  });
});

describe("an empty secret is a usage error naming where it came from", () => {
  it.each([
    [["--bind", "lan", "--token", ""], "--token must not be empty."],
    [["--bind", "lan", "--token="], "--token must not be empty."],
    [["--bind", "lan", "--password", " "], "--password must not be empty."],
  ])("flag: gateway %j", async (args, message) => {
    writeConfig({ gateway: { mode: "local" } });
    const r = await runBounded(["gateway", ...args, "--port", String(await getFreePort())], box.env());
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe(message);
  });

  it('flag: gateway health --token ""', async () => {
    const r = await runBounded(["gateway", "health", "--token", "", "--url", `ws://127.0.0.1:${await getFreePort()}`], box.env());
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe("--token must not be empty.");
  });

  it.each([["CLAWD_GATEWAY_TOKEN"], ["CLAWD_GATEWAY_PASSWORD"], ["CLAWDBOT_GATEWAY_TOKEN"]])("environment: %s set but empty", async (name) => {
    writeConfig({ gateway: { mode: "local" } });
    const port = await getFreePort();
    const r = await runBounded(["gateway", "--bind", "lan", "--port", String(port)], box.env({ [name]: "" }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${name} is set but empty.`);
    const rpc = await runBounded(["gateway", "health", "--url", `ws://127.0.0.1:${port}`], box.env({ [name]: "  " }));
    expect(rpc.code).toBe(2);
    expect(rpc.stderr).toContain(`${name} is set but empty.`);
  });

  it.each([
    ["gateway.auth.token", ""],
    ["gateway.auth.password", "   "],
    ["gateway.remote.token", ""],
  ])("config: %s = %j", async (key, value) => {
    const [, section, field] = key.split(".") as [string, string, string];
    const path = writeConfig({ gateway: { mode: "local", [section]: { [field]: value } } });
    const port = await getFreePort();
    for (const args of [
      ["gateway", "--bind", "lan", "--port", String(port)],
      ["gateway", "health", "--url", `ws://127.0.0.1:${port}`],
    ]) {
      const r = await runBounded(args, box.env());
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${key} in ${path} is empty.`);
      expect(r.stderr).toContain(`clawd config unset ${key}`);
    }
  });
});

describe("bad profile names", () => {
  it.each([["work\n"], ["\nwork"], ["a\nb"], [""], [" work"], ["../x"], ["x".repeat(65)]])("--profile=%j exits 2 with the hint", async (name) => {
    for (const args of [
      [`--profile=${name}`, "config", "path"],
      ["config", "path", `--profile=${name}`],
    ]) {
      const r = await runCli(args, box.env());
      expect(r.code).toBe(2);
      expect(r.stderr.split("\n")[0]).toBe(`Invalid --profile ${JSON.stringify(name)}.`);
      expect(r.stderr).toContain('Use letters, digits, "_" and "-" only');
    }
  });

  it("a missing or repeated --profile exits 2 with the hint", async () => {
    for (const args of [
      ["config", "path", "--profile"],
      ["--profile", "a", "--profile", "b", "config", "path"],
    ]) {
      const r = await runCli(args, box.env());
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Use letters, digits, "_" and "-" only');
    }
  });
});
