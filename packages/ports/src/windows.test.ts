import { describe, expect, it } from "vitest";
import { recorded } from "../test/recorded.js";
import type { RejectingCommandRunner } from "./command-runner.js";
import { findListeners } from "./find-listeners.js";

/** A Windows host replayed from recordings; `missing` commands fail to start like ENOENT. */
function windowsHost(missing: string[] = []): RejectingCommandRunner & { calls: string[] } {
  const calls: string[] = [];
  const runner = (async (cmd: string, args: readonly string[]) => {
    calls.push(cmd);
    if (missing.includes(cmd)) throw Object.assign(new Error(`spawn ${cmd} ENOENT`), { code: "ENOENT" });
    if (cmd === "netstat") return { code: 0, stdout: recorded("netstat-windows-en.txt"), stderr: "" };
    if (cmd === "tasklist")
      return { code: 0, stdout: args.includes("PID eq 8124") ? recorded("tasklist-8124.csv") : recorded("tasklist-none.txt"), stderr: "" };
    const script = args.at(-1) ?? "";
    if (script.includes("Get-NetTCPConnection")) return { code: 0, stdout: recorded("get-nettcpconnection-many.json"), stderr: "" };
    return { code: 0, stdout: recorded("win32-process.json"), stderr: "" };
  }) as RejectingCommandRunner & { calls: string[] };
  runner.calls = calls;
  return runner;
}

describe("findListeners on Windows (recorded outputs)", () => {
  it("combines netstat pids with Win32_Process names and command lines", async () => {
    const found = await findListeners(3000, { platform: "win32", runner: windowsHost() });
    expect(found.map((l) => [l.pid, l.command, l.address, l.family])).toEqual([
      [8124, "node.exe", "127.0.0.1", "IPv4"],
      [8124, "node.exe", "::", "IPv6"],
      [8200, "ssh.exe", "::1", "IPv6"],
    ]);
    expect(found[0]!.commandLine).toContain("cli.js gateway --port 3000");
  });

  it("falls back to Get-NetTCPConnection without netstat, and to tasklist without PowerShell names", async () => {
    const noNetstat = await findListeners(3000, { platform: "win32", runner: windowsHost(["netstat"]) });
    expect(noNetstat.map((l) => l.pid)).toEqual([8200, 8124]);
    const host = windowsHost(["netstat"]);
    const runner: RejectingCommandRunner = async (cmd, args) =>
      cmd === "powershell.exe" && (args.at(-1) ?? "").includes("Win32_Process") ? { code: 1, stdout: "", stderr: "denied" } : host(cmd, args);
    const viaTasklist = await findListeners(3000, { platform: "win32", runner });
    expect(viaTasklist.map((l) => [l.pid, l.command])).toEqual([
      [8200, "unknown"],
      [8124, "node.exe"],
    ]);
  });

  it("explains when no inspection tool works", async () => {
    await expect(findListeners(3000, { platform: "win32", runner: windowsHost(["netstat", "powershell.exe"]) })).rejects.toMatchObject({
      code: "LOOKUP_FAILED",
    });
  });
});
