import { describe, expect, it } from "vitest";
import { recorded } from "../test/recorded.js";
import { netTcpConnectionScript, parseNetTcpConnectionJson, parseWin32ProcessJson, win32ProcessScript } from "./powershell.js";
import { parseTasklistCsv, splitCsvLine, tasklistArgs } from "./tasklist.js";

describe("Get-NetTCPConnection JSON", () => {
  it("parses a lone object (ConvertTo-Json's shape for one result) behind a BOM", () => {
    expect(parseNetTcpConnectionJson(recorded("get-nettcpconnection-single.json"), 3000)).toEqual([{ pid: 8124, address: "::", port: 3000, family: "IPv6" }]);
  });

  it("filters an array on the exact port, numeric or string", () => {
    const many = recorded("get-nettcpconnection-many.json");
    expect(parseNetTcpConnectionJson(many, 3000).map((r) => r.pid)).toEqual([8200, 8124]);
    expect(parseNetTcpConnectionJson(many, 13000).map((r) => r.pid)).toEqual([3100]);
    expect(parseNetTcpConnectionJson(many, 300)).toEqual([]);
  });

  it("treats empty output and PowerShell error text as no listeners", () => {
    expect(parseNetTcpConnectionJson("", 3000)).toEqual([]);
    expect(parseNetTcpConnectionJson("Get-NetTCPConnection : No MSFT_NetTCPConnection objects found", 3000)).toEqual([]);
  });

  it("builds scripts that name the port and the pids", () => {
    expect(netTcpConnectionScript(3000)).toContain("-LocalPort 3000");
    expect(win32ProcessScript([1, 22])).toContain('"ProcessId=1 OR ProcessId=22"');
  });
});

describe("Win32_Process JSON", () => {
  it("maps pids to names and command lines; a null command line stays undefined", () => {
    const byPid = parseWin32ProcessJson(recorded("win32-process.json"));
    expect(byPid.get(8124)?.name).toBe("node.exe");
    expect(byPid.get(8124)?.commandLine).toContain("@clawd\\cli\\dist\\cli.js gateway --port 3000");
    expect(byPid.get(8200)).toEqual({ name: "ssh.exe", commandLine: undefined });
  });
});

describe("tasklist CSV", () => {
  it("reads the image name of a pid, with commas inside quoted fields", () => {
    expect(parseTasklistCsv(recorded("tasklist-8124.csv"))).toEqual(new Map([[8124, "node.exe"]]));
    expect(splitCsvLine('"a ""b""","1,2",x')).toEqual(['a "b"', "1,2", "x"]);
  });

  it("ignores the localized no-tasks message", () => {
    expect(parseTasklistCsv(recorded("tasklist-none.txt")).size).toBe(0);
  });

  it("filters by pid without a header", () => {
    expect(tasklistArgs(8124)).toEqual(["/FI", "PID eq 8124", "/FO", "CSV", "/NH"]);
  });
});
