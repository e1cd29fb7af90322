// Attack: run every CLI path that prints a command line, a URL or an error with a known
// secret in play, then grep every stdout, stderr and file the run wrote for it (issue 10
// items 4 and 6). The paths: two gateways racing for one port with --token X, a port held
// by a foreign process with --token X on its command line (gateway, doctor, status),
// `status --url …?token=X`, wrong and right tokens against a --verbose gateway.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getFreePort, spawnPortHolder, stopAllPortHolders } from "@clawd/test-kit/ports";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, createSandbox, killAllClis, runCli, type Sandbox, startCli } from "../cli-process.js";

const TOKEN = "s3cret-0123-attack-token";
const PASSWORD = "s3cret-attack-password";
const SECRETS = [TOKEN, PASSWORD];

let box: Sandbox;
const outputs: Array<{ what: string; text: string }> = [];
const record = (what: string, r: Pick<CliResult, "stdout" | "stderr">) => outputs.push({ what, text: r.stdout + r.stderr });

beforeAll(() => {
  box = createSandbox();
  mkdirSync(box.state, { recursive: true });
  writeFileSync(join(box.state, "clawd.json"), JSON.stringify({ gateway: { mode: "local" } }));
});
afterEach(async () => {
  await killAllClis();
  await stopAllPortHolders();
});
afterAll(() => box.cleanup());

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("secrets are never echoed", () => {
  it("two gateways started at once on one port with --token X: the loser says why without X", async () => {
    const port = await getFreePort();
    const args = ["gateway", "--port", String(port), "--token", TOKEN, "--verbose"];
    const a = startCli(args, box.env());
    const b = startCli(args, box.env());
    const loser = await Promise.race([a.exited.then(() => a), b.exited.then(() => b)]);
    const winner = loser === a ? b : a;
    const lost = await loser.exited;
    await winner.waitFor("transport:");
    record("race loser", lost);
    expect(lost.code).toBe(1);
    expect(lost.stderr).toMatch(/already running|already in use/);
    for (const secret of SECRETS) expect(lost.stderr).not.toContain(secret);

    // Three more losers, now that the winner certainly listens.
    for (const extra of [args, ["gateway", "--port", String(port), `--token=${TOKEN}`], ["gateway", "--port", String(port), "--password", PASSWORD]]) {
      const r = await runCli(extra, box.env());
      record(`second gateway ${extra.join(" ")}`, r);
      expect(r.code).toBe(1);
    }
    winner.child.kill("SIGTERM");
    record("race winner", await winner.exited);
  });

  it("a foreign process holding the port with --token X on its command line: gateway, doctor and status redact it", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative", extraArgs: ["--token", TOKEN, `CLAWD_GATEWAY_PASSWORD=${PASSWORD}`] });
    const env = box.env({ CLAWD_GATEWAY_PORT: String(holder.port) });
    const gateway = await runCli(["gateway", "--token", TOKEN], env);
    record("gateway on a held port", gateway);
    expect(gateway.code).toBe(1);
    expect(gateway.stderr).toContain(`- pid ${holder.pid}`);
    expect(gateway.stderr).toContain("--token ***"); // the command line is shown, redacted
    const doctor = await runCli(["doctor"], env);
    record("doctor", doctor);
    expect(doctor.stdout).toContain("--token ***");
  });

  it("status and RPC commands with the secret in the URL, a flag and the environment", async () => {
    const port = await getFreePort();
    const url = `ws://127.0.0.1:${port}/?token=${TOKEN}`;
    for (const args of [
      ["gateway", "status", "--url", url],
      ["gateway", "status", "--url", url, "--json"],
      ["gateway", "health", "--token", TOKEN, "--url", `ws://127.0.0.1:${port}`],
      ["gateway", "probe", "--password", PASSWORD],
    ]) {
      const r = await runCli(args, box.env({ CLAWD_GATEWAY_PORT: String(port), CLAWD_GATEWAY_TOKEN: TOKEN }));
      record(args.join(" "), r);
      expect(r.stdout + r.stderr).not.toBe("");
    }
    expect(outputs.at(-4)!.text).toContain("token=***");
  });

  it("a --verbose gateway with the token refuses wrong tokens and admits the right one without logging either", async () => {
    const port = await getFreePort();
    const gw = startCli(["gateway", "--port", String(port), "--token", TOKEN, "--verbose"], box.env());
    await gw.waitFor("transport:");
    const url = `ws://127.0.0.1:${port}`;
    const wrong = await runCli(["gateway", "health", "--url", url, "--token", `${TOKEN}-wrong`, "--timeout", "5000"], box.env());
    record("health with a wrong token", wrong);
    expect(wrong.code).not.toBe(0);
    const right = await runCli(["gateway", "health", "--url", url, "--token", TOKEN, "--timeout", "5000"], box.env());
    record("health with the right token", right);
    expect(right.code).toBe(0);
    gw.child.kill("SIGTERM");
    record("verbose gateway", await gw.exited);
  });

  it("no output of the run and no file it wrote contains a secret", () => {
    expect(outputs.length).toBeGreaterThanOrEqual(11);
    const files = filesUnder(box.root).filter((f) => !f.endsWith("clawd.json"));
    expect(files.some((f) => f.endsWith(".log"))).toBe(true); // the gateways did write logs
    for (const { what, text } of outputs) for (const secret of SECRETS) expect(text, what).not.toContain(secret);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const secret of SECRETS) expect(text, file).not.toContain(secret);
    }
  });
});
