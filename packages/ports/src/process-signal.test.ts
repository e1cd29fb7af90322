import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { outcomeOfErrno, parseTaskkillResult, posixSignaller, taskkillArgs, windowsSignaller } from "./process-signal.js";
import type { RejectingCommandRunner } from "./command-runner.js";

describe("taskkill", () => {
  it("uses /PID for the polite step and /F for the forced one", () => {
    expect(taskkillArgs(42, "SIGTERM")).toEqual(["/PID", "42"]);
    expect(taskkillArgs(42, "SIGKILL")).toEqual(["/F", "/PID", "42"]);
  });

  it("interprets recorded taskkill answers", () => {
    expect(parseTaskkillResult(0, "SUCCESS: Sent termination signal to the process with PID 8124.\r\n", "")).toEqual({ kind: "sent" });
    expect(parseTaskkillResult(128, "", 'ERROR: The process "8124" not found.\r\n')).toEqual({ kind: "gone" });
    expect(
      parseTaskkillResult(
        1,
        "",
        "ERROR: The process with PID 8124 could not be terminated.\r\nReason: This process can only be terminated forcefully (with /F option).\r\n",
      ),
    ).toEqual({ kind: "sent" });
    expect(parseTaskkillResult(1, "", "ERROR: The process with PID 4 could not be terminated.\r\nReason: Access is denied.\r\n")).toMatchObject({
      kind: "denied",
    });
    expect(parseTaskkillResult(1, "", "FEHLER: Der Prozess mit PID 4 konnte nicht beendet werden.\r\nUrsache: Zugriff verweigert\r\n")).toMatchObject({
      kind: "denied",
    });
    expect(parseTaskkillResult(255, "", "")).toEqual({ kind: "failed", detail: "taskkill exited with 255" });
  });

  it("runs taskkill through the runner and reports a missing taskkill as a failure", async () => {
    const calls: string[][] = [];
    const runner: RejectingCommandRunner = async (cmd, args) => {
      calls.push([cmd, ...args]);
      return { code: 0, stdout: "SUCCESS", stderr: "" };
    };
    expect(await windowsSignaller(runner)(7, "SIGKILL")).toEqual({ kind: "sent" });
    expect(calls).toEqual([["taskkill", "/F", "/PID", "7"]]);
    const missing: RejectingCommandRunner = async () => {
      throw Object.assign(new Error("spawn taskkill ENOENT"), { code: "ENOENT" });
    };
    expect(await windowsSignaller(missing)(7, "SIGTERM")).toMatchObject({ kind: "failed", detail: expect.stringContaining("ENOENT") });
  });
});

describe("posixSignaller (real processes)", () => {
  it("signals a live process, then reports it gone (ESRCH) once reaped", async () => {
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    const exited = new Promise((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    try {
      expect(await posixSignaller(child.pid!, 0)).toEqual({ kind: "sent" });
      expect(await posixSignaller(child.pid!, "SIGTERM")).toEqual({ kind: "sent" });
      expect(await exited).toBe("SIGTERM");
      expect(await posixSignaller(child.pid!, "SIGKILL")).toEqual({ kind: "gone" });
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("maps errno codes", () => {
    expect(outcomeOfErrno(Object.assign(new Error(), { code: "EPERM" }))).toMatchObject({ kind: "denied" });
    expect(outcomeOfErrno(Object.assign(new Error("x"), { code: "EINVAL" }))).toMatchObject({ kind: "failed" });
  });
});
