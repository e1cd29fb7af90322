// freePort's decisions on macOS/Windows paths, driven by recorded-style lsof/netstat outputs
// (those tools' platforms cannot run here). Real-process behaviour is in test/free-port.test.ts.
import { describe, expect, it } from "vitest";
import type { RejectingCommandRunner } from "./command-runner.js";
import { freePort } from "./free-port.js";
import type { Signaller, SignalOutcome } from "./process-signal.js";

const lsofRecord = (pid: number, command: string, address = "*:5000") => `p${pid}\nc${command}\nLalice\ntIPv4\nn${address}\n`;

/** An lsof that answers each run with the next recorded output (the last one repeats). */
function scriptedLsof(outputs: string[]): RejectingCommandRunner & { runs: number } {
  const runner: RejectingCommandRunner = async () => {
    const stdout = outputs[Math.min(state.runs++, outputs.length - 1)] ?? "";
    return { code: stdout === "" ? 1 : 0, stdout, stderr: "" };
  };
  const state = Object.assign(runner, { runs: 0 });
  return state;
}

/** Records every signal; answers from `outcomes` per pid (default: sent). */
function recordingSignaller(outcomes: Record<number, SignalOutcome> = {}): Signaller & { sent: Array<[number, string | 0]> } {
  const s = (async (pid: number, signal: "SIGTERM" | "SIGKILL" | 0) => {
    s.sent.push([pid, signal]);
    return outcomes[pid] ?? { kind: "sent" };
  }) as Signaller & { sent: Array<[number, string | 0]> };
  s.sent = [];
  return s;
}

const base = { platform: "darwin" as const, graceMs: 20, timeoutMs: 60, pollIntervalMs: 1 };

describe("freePort decisions (lsof platform)", () => {
  it("SIGTERMs, then SIGKILLs only the asked pids still listening at escalation", async () => {
    const runner = scriptedLsof([lsofRecord(500, "node") + lsofRecord(501, "python"), lsofRecord(501, "python"), ""]);
    const signaller = recordingSignaller();
    // The port frees only once something was SIGKILLed, whatever the timing.
    const busyCheck = async () => !signaller.sent.some(([, sig]) => sig === "SIGKILL");
    const result = await freePort(5000, { ...base, runner, signaller, busyCheck });
    expect(result.escalated).toBe(true);
    expect(result.killed.map((l) => l.pid)).toEqual([500, 501]);
    expect(signaller.sent).toEqual([
      [500, 0],
      [501, 0],
      [500, "SIGTERM"],
      [501, "SIGTERM"],
      [501, "SIGKILL"],
    ]);
  });

  it("never SIGKILLs a process that took the port after SIGTERM (a restarting service) and says so", async () => {
    const runner = scriptedLsof([lsofRecord(500, "node"), lsofRecord(777, "node")]);
    const signaller = recordingSignaller();
    const err = await freePort(5000, { ...base, runner, signaller, busyCheck: async () => true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "STILL_LISTENING", pids: [777], message: expect.stringMatching(/taken again by pid 777.*service manager/) });
    expect(signaller.sent).toEqual([
      [500, 0],
      [500, "SIGTERM"],
    ]);
  });

  it("names the pids still listening after the timeout", async () => {
    const runner = scriptedLsof([lsofRecord(500, "node")]);
    const err = await freePort(5000, { ...base, runner, signaller: recordingSignaller(), busyCheck: async () => true }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: "STILL_LISTENING",
      pids: [500],
      message: expect.stringContaining("still has listeners after 60ms: pid 500 (node, user alice)"),
    });
  });

  it("fails with EPERM naming the pid and sudo before signalling anyone", async () => {
    const runner = scriptedLsof([lsofRecord(500, "node") + lsofRecord(600, "postgres")]);
    const signaller = recordingSignaller({ 600: { kind: "denied", detail: "EPERM" } });
    const err = await freePort(5000, { ...base, runner, signaller, busyCheck: async () => true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "EPERM", pids: [600], message: expect.stringMatching(/pid 600 \(postgres.*sudo clawd-ports 5000 --kill/) });
    expect(signaller.sent.filter(([, sig]) => sig !== 0)).toEqual([]);
  });

  it("skips pids already gone at the permission check (ESRCH is success)", async () => {
    const runner = scriptedLsof([lsofRecord(500, "node")]);
    const signaller = recordingSignaller({ 500: { kind: "gone" } });
    const result = await freePort(5000, { ...base, runner, signaller, busyCheck: async () => false });
    expect(result).toMatchObject({ killed: [], escalated: false });
    expect(signaller.sent).toEqual([[500, 0]]);
  });

  it("refuses PID 1 and reports a busy port with no visible process as EPERM", async () => {
    await expect(freePort(5000, { ...base, runner: scriptedLsof([lsofRecord(1, "launchd")]), signaller: recordingSignaller() })).rejects.toMatchObject({
      code: "REFUSED",
      pids: [1],
    });
    await expect(freePort(5000, { ...base, runner: scriptedLsof([""]), signaller: recordingSignaller(), busyCheck: async () => true })).rejects.toMatchObject({
      code: "EPERM",
      message: expect.stringContaining("no listening process is visible"),
    });
  });

  it("reports a kill failure other than EPERM/ESRCH as SIGNAL_FAILED", async () => {
    const signaller: Signaller = async (_pid, sig) => (sig === 0 ? { kind: "sent" } : { kind: "failed", detail: "EINVAL" });
    await expect(freePort(5000, { ...base, runner: scriptedLsof([lsofRecord(500, "node")]), signaller, busyCheck: async () => true })).rejects.toMatchObject({
      code: "SIGNAL_FAILED",
    });
  });
});

describe("freePort on Windows (recorded netstat/taskkill)", () => {
  it("uses taskkill /PID, then /F for what still listens, never PID 4 (System)", async () => {
    const netstat = (pid: number) => `  TCP    0.0.0.0:5000           0.0.0.0:0              LISTENING       ${pid}\r\n`;
    const calls: string[] = [];
    let netstatRuns = 0;
    const runner: RejectingCommandRunner = async (cmd, args) => {
      calls.push([cmd, ...args].join(" "));
      if (cmd === "netstat") return { code: 0, stdout: netstatRuns++ < 2 ? netstat(8124) : "", stderr: "" };
      if (cmd === "powershell.exe") return { code: 0, stdout: '{"ProcessId":8124,"Name":"node.exe","CommandLine":"node server.js"}', stderr: "" };
      if (cmd === "taskkill" && !args.includes("/F"))
        return {
          code: 1,
          stdout: "",
          stderr: "ERROR: The process with PID 8124 could not be terminated.\r\nReason: This process can only be terminated forcefully (with /F option).\r\n",
        };
      return { code: 0, stdout: "SUCCESS: The process with PID 8124 has been terminated.", stderr: "" };
    };
    const busyCheck = async () => !calls.includes("taskkill /F /PID 8124");
    const result = await freePort(5000, { platform: "win32", runner, graceMs: 10, timeoutMs: 1000, pollIntervalMs: 1, busyCheck });
    expect(result).toMatchObject({ escalated: true, killed: [{ pid: 8124, command: "node.exe" }] });
    expect(calls.filter((c) => c.startsWith("taskkill"))).toEqual(["taskkill /PID 8124", "taskkill /F /PID 8124"]);

    const system: RejectingCommandRunner = async (cmd) => ({ code: 0, stdout: cmd === "netstat" ? netstat(4) : "", stderr: "" });
    await expect(freePort(5000, { platform: "win32", runner: system })).rejects.toMatchObject({ code: "REFUSED", pids: [4] });
  });
});
