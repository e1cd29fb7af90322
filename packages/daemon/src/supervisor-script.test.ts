// Runs the rendered supervisor with the real node against real child processes.
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SUPERVISOR_BRAKE_EXIT_CODE, renderSupervisorScript } from "./supervisor-script.js";

let dir: string;
let script: string;
let starts: string;
let marker: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "clawd-supervisor-"));
  script = path.join(dir, "supervisor.cjs");
  starts = path.join(dir, "starts.log");
  marker = path.join(dir, "gateway.stopped");
  const limits = { backoffStartMs: 20, backoffMaxMs: 80, stableRunMs: 60_000, crashLimit: 4, crashWindowMs: 60_000 };
  writeFileSync(
    script,
    renderSupervisorScript({ stopMarkerPath: marker, pidFilePath: path.join(dir, "supervisor.pid"), limits, logMaxBytes: 2000, logKeepFiles: 2 }),
  );
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the supervisor over a child that appends a line per start, then runs `body`. */
function supervise(body: string, logArgs: string[] = []): Promise<{ code: number | null; stderr: string }> {
  const child = `require("node:fs").appendFileSync(${JSON.stringify(starts)}, "start\\n"); ${body}`;
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [script, ...logArgs, "--", process.execPath, "-e", child], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    proc.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    proc.on("close", (code) => resolve({ code, stderr }));
  });
}

const startCount = () => (existsSync(starts) ? readFileSync(starts, "utf8").split("\n").filter(Boolean).length : 0);

describe("the gateway supervisor", () => {
  it("restarts a crashing gateway with a growing pause and brakes the crash loop", async () => {
    const result = await supervise("process.exit(3)");
    expect(result.code).toBe(SUPERVISOR_BRAKE_EXIT_CODE);
    expect(startCount()).toBe(4);
    expect(result.stderr).toContain("restarting in 20 ms");
    expect(result.stderr).toContain("restarting in 40 ms");
    expect(result.stderr).toContain("restarting in 80 ms");
    expect(result.stderr).toContain("crashed 4 times");
  });

  it("keeps a gateway that recovers: crashes twice, then exits cleanly", async () => {
    const body = `const n = require("node:fs").readFileSync(${JSON.stringify(starts)}, "utf8").split("\\n").filter(Boolean).length; process.exit(n < 3 ? 1 : 0);`;
    const result = await supervise(body);
    expect(result.code).toBe(0);
    expect(startCount()).toBe(3);
    expect(result.stderr).toContain("exited cleanly");
  });

  it("does not restart a gateway that was stopped (the marker), nor start one at logon", async () => {
    const body = `require("node:fs").writeFileSync(${JSON.stringify(marker)}, ""); process.exit(1);`;
    expect((await supervise(body)).code).toBe(0);
    expect(startCount()).toBe(1);
    const again = await supervise("process.exit(1)");
    expect(again.code).toBe(0);
    expect(startCount()).toBe(1);
    expect(again.stderr).toContain("it was stopped");
  });
});

describe("the supervisor's logs", () => {
  it("a crash loop that prints a lot leaves size-capped, bounded log files", async () => {
    const log = path.join(dir, "gateway.log");
    const errLog = path.join(dir, "gateway.err.log");
    const body =
      'process.stdout.write("o".repeat(1500) + "\\n"); process.stderr.write("Error: boom\\n" + "e".repeat(1500) + "\\n"); setTimeout(() => process.exit(1), 20);';
    const result = await supervise(body, ["--stdout", log, "--stderr", errLog]);
    expect(result.code).toBe(SUPERVISOR_BRAKE_EXIT_CODE);
    expect(result.stderr).toBe(""); // everything went to the log files
    const files = readdirSync(dir).filter((f) => f.startsWith("gateway."));
    expect(files.sort()).toEqual(["gateway.err.log", "gateway.err.log.1", "gateway.err.log.2", "gateway.log", "gateway.log.1", "gateway.log.2"]);
    for (const f of files) expect(statSync(path.join(dir, f)).size).toBeLessThanOrEqual(2000);
    expect(readFileSync(errLog, "utf8")).toContain("crash-loop brake");
  });
});

describe("stopping the supervisor", () => {
  it("SIGTERM is passed to the gateway, and the supervisor exits only after it (the port is free for a restart)", async () => {
    const exitedFile = path.join(dir, "gateway-exited");
    const body = `process.on("SIGTERM", () => setTimeout(() => { require("node:fs").writeFileSync(${JSON.stringify(exitedFile)}, "1"); process.exit(0); }, 300)); setInterval(() => {}, 1000);`;
    const child = `require("node:fs").appendFileSync(${JSON.stringify(starts)}, "start\\n"); ${body}`;
    const proc = spawn(process.execPath, [script, "--", process.execPath, "-e", child], { stdio: "ignore" });
    for (let i = 0; i < 100 && startCount() === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    proc.kill("SIGTERM");
    const code = await new Promise((r) => proc.once("exit", r));
    expect(code).toBe(0);
    expect(existsSync(exitedFile)).toBe(true); // the gateway finished its shutdown first
    expect(startCount()).toBe(1); // and was not restarted
  });
});

describe("a stop during the pause before a restart", () => {
  it("ends the supervisor without waiting for the pause", async () => {
    const slow = path.join(dir, "slow.cjs");
    const limits = { backoffStartMs: 10 * 60_000, backoffMaxMs: 10 * 60_000, stableRunMs: 60_000, crashLimit: 5, crashWindowMs: 60_000 };
    writeFileSync(slow, renderSupervisorScript({ stopMarkerPath: marker, pidFilePath: path.join(dir, "slow.pid"), limits, stopMarkerPollMs: 50 }));
    const child = `require("node:fs").appendFileSync(${JSON.stringify(starts)}, "start\\n"); process.exit(1);`;
    const proc = spawn(process.execPath, [slow, "--", process.execPath, "-e", child], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    proc.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const exited = new Promise((r) => proc.once("exit", r));
    for (let i = 0; i < 200 && !stderr.includes("restarting in 600000 ms"); i++) await new Promise((r) => setTimeout(r, 50));
    expect(stderr).toContain("restarting in 600000 ms");
    writeFileSync(marker, "");
    expect(await exited).toBe(0);
    expect(startCount()).toBe(1);
  });
});

describe("one supervisor per state directory", () => {
  it("a second supervisor (a second /Run) exits while the first runs the gateway", async () => {
    const first = spawn(process.execPath, [script, "--", process.execPath, "-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    try {
      const pidFile = path.join(dir, "supervisor.pid");
      for (let i = 0; i < 100 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50));
      expect(readFileSync(pidFile, "utf8")).toBe(String(first.pid));
      const second = await supervise("process.exit(0)");
      expect(second.code).toBe(0);
      expect(second.stderr).toContain(`another supervisor (pid ${first.pid}) runs the gateway`);
      expect(startCount()).toBe(0);
      expect(first.exitCode).toBeNull();
    } finally {
      first.kill("SIGTERM");
      await new Promise((r) => first.once("exit", r));
    }
  });

  it("caps the file the service manager appends its own output to (launchd's StandardOutPath), at each start", async () => {
    const own = path.join(dir, "gateway.launchd.log");
    writeFileSync(own, `earlier supervisor crash\n${"x".repeat(2500)}\n`);
    const capped = path.join(dir, "capped.cjs");
    writeFileSync(
      capped,
      renderSupervisorScript({
        stopMarkerPath: marker,
        pidFilePath: path.join(dir, "supervisor.pid"),
        logMaxBytes: 2000,
        logKeepFiles: 2,
        inheritedLogPaths: [own],
      }),
    );
    const fd = openSync(own, "a");
    const proc = spawn(process.execPath, [capped, "--", process.execPath, "-e", "process.exit(0)"], { stdio: ["ignore", fd, fd] });
    closeSync(fd);
    expect(await new Promise((resolve) => proc.on("close", resolve))).toBe(0);
    expect(readFileSync(`${own}.1`, "utf8").startsWith("earlier supervisor crash\n")).toBe(true);
    expect(statSync(own).size).toBeLessThanOrEqual(2000);
    expect(
      readdirSync(dir)
        .filter((n) => n.startsWith("gateway.launchd.log"))
        .sort(),
    ).toEqual(["gateway.launchd.log", "gateway.launchd.log.1"]);
  });
});
