// The gateway's log files stay within LOG_MAX_BYTES × LOG_KEEP_FILES (10 MiB × 3) whoever
// writes them (#17 item 11): the foreground gateway appends to gateway.log itself; under
// systemd (StandardOutput=append:) the manager opens gateway.log / gateway.err.log as our
// stdout / stderr — modelled here exactly so, with O_APPEND descriptors — and a crash loop
// appends an error per start. The launchd / Task Scheduler supervisor is tested in @clawd/daemon.
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LOG_KEEP_FILES, LOG_MAX_BYTES } from "@clawd/daemon";
import { getFreePort } from "@clawd/test-kit/ports";
import { describe, expect, it } from "vitest";
import { openLogFile } from "../src/output/log-file.js";
import { CLI, LINE_TIMEOUT_MS, type Sandbox, startCli, useSandboxPerTest } from "./cli-process.js";

let box: Sandbox;
useSandboxPerTest((b) => {
  box = b;
});

const logs = () => join(box.state, "logs");
const logFile = () => join(logs(), "gateway.log");
const errFile = () => join(logs(), "gateway.err.log");
const writeConfig = (config: unknown) => {
  mkdirSync(box.state, { recursive: true });
  writeFileSync(join(box.state, "clawd.json"), JSON.stringify(config));
};

/** Fills `file` with `bytes` bytes of earlier log (a marker line first, so the copies can be told apart). */
function prefill(file: string, bytes: number, marker: string) {
  mkdirSync(logs(), { recursive: true });
  const head = `${marker}\n`;
  writeFileSync(file, `${head}${"x".repeat(bytes - head.length - 1)}\n`);
}
const firstLine = (file: string) => readFileSync(file, "utf8").slice(0, 40).split("\n")[0];
const names = () => readdirSync(logs()).sort();

/** Runs the CLI the way systemd does with StandardOutput=append: / StandardError=append:. */
function runAsSystemdService(args: string[], env: NodeJS.ProcessEnv): Promise<number | null> & { pid: number | undefined; kill(): void } {
  mkdirSync(logs(), { recursive: true });
  const out = openSync(logFile(), "a");
  const err = openSync(errFile(), "a");
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...env, CLAWD_SERVICE_KIND: "systemd" }, stdio: ["ignore", out, err] });
  closeSync(out);
  closeSync(err);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return Object.assign(exited, { pid: child.pid, kill: () => child.kill("SIGTERM") });
}

async function waitForText(file: string, text: string): Promise<void> {
  const start = Date.now();
  while (!(existsSync(file) && readFileSync(file, "utf8").includes(text))) {
    if (Date.now() - start > LINE_TIMEOUT_MS) throw new Error(`${file} never contained ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("gateway log files are capped at LOG_MAX_BYTES with LOG_KEEP_FILES copies, in every mode", () => {
  it("the same rule everywhere: 10 MiB × 3", () => {
    expect([LOG_MAX_BYTES, LOG_KEEP_FILES]).toEqual([10 * 1024 * 1024, 3]);
  });

  it("foreground: a full gateway.log moves to .1, the older copies move up, the oldest is dropped, and the live file is written", async () => {
    prefill(logFile(), LOG_MAX_BYTES - 10, "live-before");
    for (let i = 1; i <= LOG_KEEP_FILES; i++) prefill(`${logFile()}.${i}`, 1000, `copy-${i}`);
    writeConfig({ gateway: { mode: "local", auth: { token: "rotation-token-1234" } } });
    const port = await getFreePort();
    const gw = startCli(["gateway", "--port", String(port)], box.env());
    await gw.waitFor("transport:");
    gw.child.kill("SIGTERM");
    expect((await gw.exited).code).toBe(0);
    expect(names()).toEqual(["gateway.log", "gateway.log.1", "gateway.log.2", "gateway.log.3"]);
    expect([firstLine(`${logFile()}.1`), firstLine(`${logFile()}.2`), firstLine(`${logFile()}.3`)]).toEqual(["live-before", "copy-1", "copy-2"]);
    expect(readFileSync(logFile(), "utf8")).toContain(`listening on ws://127.0.0.1:${port}`);
    for (const name of names()) expect(statSync(join(logs(), name)).size).toBeLessThanOrEqual(LOG_MAX_BYTES);
  });

  it("under systemd's append: the running gateway rotates gateway.log in place and goes on writing it", async () => {
    prefill(logFile(), LOG_MAX_BYTES - 100, "live-before");
    writeConfig({ gateway: { mode: "local", auth: { token: "rotation-token-1234" } } });
    const port = await getFreePort();
    const gw = runAsSystemdService(["gateway", "--port", String(port)], box.env());
    try {
      await waitForText(logFile(), `listening on ws://127.0.0.1:${port}`);
    } finally {
      gw.kill();
    }
    expect(await gw).toBe(0);
    expect(firstLine(`${logFile()}.1`)).toBe("live-before");
    const live = readFileSync(logFile(), "utf8");
    expect(live.startsWith("{")).toBe(true); // JSON lines from the start: no hole left by the truncate
    expect(live).toContain("shutting down");
    for (const name of names()) expect(statSync(join(logs(), name)).size).toBeLessThanOrEqual(LOG_MAX_BYTES);
  });

  it("under systemd, a crash loop (a start that fails on a bad config, again and again) does not grow gateway.err.log past the cap", async () => {
    prefill(errFile(), LOG_MAX_BYTES - 10, "err-before");
    for (let i = 1; i <= LOG_KEEP_FILES; i++) prefill(`${errFile()}.${i}`, 1000, `err-copy-${i}`);
    writeConfig({ gateway: { mode: "local", port: "not-a-port" } });
    const env = box.env({ NO_COLOR: "1" });
    for (let start = 0; start < 3; start++) expect(await runAsSystemdService(["gateway"], env)).toBe(1);
    expect(names().filter((n) => n.startsWith("gateway.err.log"))).toEqual(["gateway.err.log", "gateway.err.log.1", "gateway.err.log.2", "gateway.err.log.3"]);
    expect([firstLine(`${errFile()}.1`), firstLine(`${errFile()}.2`), firstLine(`${errFile()}.3`)]).toEqual(["err-before", "err-copy-1", "err-copy-2"]);
    const live = readFileSync(errFile(), "utf8");
    expect(live.match(/\[error\]/g)).toHaveLength(3); // each start's headline, dated
    for (const name of names()) expect(statSync(join(logs(), name)).size).toBeLessThanOrEqual(LOG_MAX_BYTES);
  });

  it("clawd logs --follow reads on across a rotation of gateway.log", async () => {
    const writer = openLogFile(logFile(), { maxBytes: 400 });
    const line = (i: number) => JSON.stringify({ time: "2026-11-25T16:00:00.000Z", level: "info", subsystem: "gateway", message: `before-${i}` });
    for (let i = 0; i < 4; i++) writer.append(line(i));
    const env = box.env({ CLAWD_GATEWAY_PORT: String(await getFreePort()), NO_COLOR: "1" });
    const follow = startCli(["logs", "--follow", "--interval", "100"], env);
    await follow.waitFor("before-3");
    writer.append(JSON.stringify({ time: "2026-11-25T16:00:01.000Z", level: "info", subsystem: "gateway", message: "after-rotation" }));
    expect(existsSync(`${logFile()}.1`)).toBe(true);
    await follow.waitFor("after-rotation");
    follow.child.kill("SIGINT");
    const done = await follow.exited;
    expect(done.stderr).toContain("(log file rotated; continuing from the new file)");
  });
});
