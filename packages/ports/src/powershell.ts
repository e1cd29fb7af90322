import type { NetstatRow } from "./netstat.js";

/** Non-interactive PowerShell invocation for one script. */
export function powershellArgs(script: string): string[] {
  return ["-NoProfile", "-NonInteractive", "-Command", script];
}

/** Script listing TCP listeners on one port as JSON (used when netstat is unavailable). */
export function netTcpConnectionScript(port: number): string {
  return `Get-NetTCPConnection -State Listen -LocalPort ${port} -ErrorAction SilentlyContinue | Select-Object LocalAddress,LocalPort,OwningProcess | ConvertTo-Json -Compress`;
}

/** Script naming processes (name and command line) as JSON. */
export function win32ProcessScript(pids: readonly number[]): string {
  const filter = pids.map((pid) => `ProcessId=${pid}`).join(" OR ");
  return `Get-CimInstance Win32_Process -Filter "${filter}" | Select-Object ProcessId,Name,CommandLine | ConvertTo-Json -Compress`;
}

// ConvertTo-Json prints a lone object (not an array) for one result, nothing for none,
// and Windows PowerShell 5 may prefix a BOM.
function parseJsonList(text: string): Array<Record<string, unknown>> {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (trimmed === "") return [];
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return [];
  }
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null);
}

function toInt(value: unknown): number | undefined {
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) ? n : undefined;
}

/** Parses the `Get-NetTCPConnection` JSON into listeners on exactly `port`. */
export function parseNetTcpConnectionJson(text: string, port: number): NetstatRow[] {
  const rows: NetstatRow[] = [];
  for (const item of parseJsonList(text)) {
    const pid = toInt(item.OwningProcess);
    const address = typeof item.LocalAddress === "string" ? item.LocalAddress : undefined;
    if (pid === undefined || address === undefined || toInt(item.LocalPort) !== port) continue;
    rows.push({ pid, address, port, family: address.includes(":") ? "IPv6" : "IPv4" });
  }
  return rows;
}

/** Parses the `Win32_Process` JSON into pid → { name, commandLine } (commandLine is null for protected processes). */
export function parseWin32ProcessJson(text: string): Map<number, { name: string; commandLine?: string }> {
  const byPid = new Map<number, { name: string; commandLine?: string }>();
  for (const item of parseJsonList(text)) {
    const pid = toInt(item.ProcessId);
    if (pid === undefined || typeof item.Name !== "string") continue;
    byPid.set(pid, { name: item.Name, commandLine: typeof item.CommandLine === "string" ? item.CommandLine : undefined });
  }
  return byPid;
}
