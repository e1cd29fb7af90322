import type { RejectingCommandRunner } from "./command-runner.js";
import type { Listener, PortScan } from "./listener-types.js";
import { NETSTAT_ARGS, parseNetstat, type NetstatRow } from "./netstat.js";
import { PortError } from "./port-error.js";
import { netTcpConnectionScript, parseNetTcpConnectionJson, parseWin32ProcessJson, powershellArgs, win32ProcessScript } from "./powershell.js";
import { parseTasklistCsv, tasklistArgs } from "./tasklist.js";

async function tryRun(runner: RejectingCommandRunner, command: string, args: readonly string[]): Promise<string | undefined> {
  try {
    const result = await runner(command, args);
    return result.code === 0 ? result.stdout : undefined;
  } catch {
    return undefined;
  }
}

async function listeningRows(port: number, runner: RejectingCommandRunner): Promise<NetstatRow[]> {
  const netstat = await tryRun(runner, "netstat", NETSTAT_ARGS);
  if (netstat !== undefined) return parseNetstat(netstat, port);
  const json = await tryRun(runner, "powershell.exe", powershellArgs(netTcpConnectionScript(port)));
  if (json !== undefined) return parseNetTcpConnectionJson(json, port);
  throw new PortError("LOOKUP_FAILED", `Cannot list listeners on port ${port}: neither netstat nor PowerShell Get-NetTCPConnection worked.`, { port });
}

/** Windows lookup: netstat (or Get-NetTCPConnection) for pids, then Win32_Process (or tasklist) for names. */
export async function scanWindows(port: number, runner: RejectingCommandRunner): Promise<PortScan> {
  const rows = await listeningRows(port, runner);
  if (rows.length === 0) return { listeners: [], hidden: [] };
  const pids = [...new Set(rows.map((r) => r.pid))];
  const json = await tryRun(runner, "powershell.exe", powershellArgs(win32ProcessScript(pids)));
  const details = parseWin32ProcessJson(json ?? "");
  for (const pid of pids.filter((p) => !details.has(p))) {
    const name = parseTasklistCsv((await tryRun(runner, "tasklist", tasklistArgs(pid))) ?? "").get(pid);
    if (name) details.set(pid, { name });
  }
  const listeners: Listener[] = rows.map((row) => {
    const detail = details.get(row.pid);
    return { ...row, command: detail?.name ?? "unknown", commandLine: detail?.commandLine };
  });
  return { listeners, hidden: [] };
}
