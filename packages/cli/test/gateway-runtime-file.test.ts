// A foreground gateway on a port nobody told the RPC commands (`clawd gateway --port N`, or
// `pnpm start` moving the dev gateway) is found through <state>/gateway.runtime.json; a
// stale file (dead pid, or a live process that is not a gateway) is ignored.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { getFreePort } from "@clawd/test-kit/ports";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSandbox, killAllClis, runCli, type Sandbox, startCli } from "./cli-process.js";

const TOKEN = "runtime-file-test-token";
let box: Sandbox;
let stateDir: string;
let configPort: number;

beforeEach(async () => {
  box = createSandbox();
  stateDir = join(box.home, ".clawd-t");
  mkdirSync(stateDir, { recursive: true });
  // gateway.port points at a port where nothing listens: only the runtime file can lead to the gateway.
  configPort = await getFreePort();
  writeFileSync(join(stateDir, "clawd.json"), JSON.stringify({ gateway: { mode: "local", port: configPort, auth: { token: TOKEN } } }));
});
afterEach(async () => {
  await killAllClis();
  box.cleanup();
});

/** Waits until `path` exists (the gateway writes it right after it starts listening). */
async function waitForFile(path: string): Promise<void> {
  for (let i = 0; i < 200 && !existsSync(path); i++) await sleep(25);
  expect(existsSync(path), `${path} never appeared`).toBe(true);
}

describe("gateway.runtime.json: RPC commands find a foreground gateway on a port they were not told", () => {
  it("status and health dial the running gateway's port and say where it came from; a clean exit removes the file", async () => {
    const port = await getFreePort();
    const gw = startCli(["--profile", "t", "gateway", "--port", String(port)], box.env());
    await gw.waitFor("transport:");
    const runtimePath = join(stateDir, "gateway.runtime.json");
    await waitForFile(runtimePath);
    expect(statSync(runtimePath).mode & 0o777).toBe(0o600);
    const text = readFileSync(runtimePath, "utf8");
    expect(text).not.toContain(TOKEN);
    const runtime = JSON.parse(text);
    expect(runtime).toMatchObject({ port, host: "127.0.0.1" });
    expect(Object.keys(runtime).sort()).toEqual(["host", "pid", "port", "startedAt"]);
    expect(runtime.pid).toBe(gw.child.pid);

    const status = await runCli(["--profile", "t", "status"], box.env());
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^  Gateway: +✓ ws://127\\.0\\.0\\.1:${port} in `, "m"));
    expect(status.stdout).toContain(`Port:      ${port} (running gateway (PID ${runtime.pid}))`);
    const json = JSON.parse((await runCli(["--profile", "t", "status", "--json"], box.env())).stdout);
    expect(json.port).toEqual({ value: port, source: `running gateway (PID ${runtime.pid})` });

    const health = await runCli(["--profile", "t", "gateway", "health"], box.env());
    expect(health.code, health.stderr).toBe(0);
    expect(health.stdout).toContain("✓ Gateway is healthy");
    // --port still wins over the runtime file.
    const explicit = await runCli(["--profile", "t", "gateway", "health", "--port", String(configPort), "--timeout", "3000"], box.env());
    expect(explicit.code).not.toBe(0);

    gw.child.kill("SIGTERM");
    const exit = await gw.exited;
    expect(exit.code).toBe(0);
    expect(existsSync(runtimePath)).toBe(false);
  });

  it("a stale file (its pid gone, or a live process that is not a gateway) is ignored", async () => {
    const port = await getFreePort();
    const gone = spawn(process.execPath, ["-e", ""]);
    const deadPid = gone.pid as number;
    await new Promise((resolve) => gone.once("close", resolve));
    for (const pid of [deadPid, process.pid]) {
      writeFileSync(join(stateDir, "gateway.runtime.json"), JSON.stringify({ pid, port, host: "127.0.0.1", startedAt: new Date().toISOString() }));
      const r = await runCli(["--profile", "t", "status", "--json", "--timeout", "3000"], box.env());
      const report = JSON.parse(r.stdout);
      expect(report.port, `pid ${pid}`).toEqual({ value: configPort, source: "gateway.port" });
      expect(report.gateway.url).toBe(`ws://127.0.0.1:${configPort}`);
    }
  });
});
