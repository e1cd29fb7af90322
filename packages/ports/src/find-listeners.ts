import { runCommand, type RejectingCommandRunner } from "./command-runner.js";
import type { Listener, PortScan } from "./listener-types.js";
import { scanLsof } from "./lsof.js";
import { familiesInUse } from "./port-busy.js";
import { assertValidPort } from "./port-number.js";
import { scanProcfs } from "./procfs.js";
import { scanWindows } from "./windows.js";

/** Options shared by every lookup. `platform` and `runner` exist so other platforms can be tested here. */
export interface LookupOptions {
  /** Which platform's method to use; default `process.platform`. */
  platform?: NodeJS.Platform;
  /** Runs lsof/netstat/PowerShell; default spawns the real command. */
  runner?: RejectingCommandRunner;
  /** Linux only: where procfs is mounted (default `/proc`). */
  procRoot?: string;
}

/** Internal: a Linux re-check may look only into known holders; sockets they do not hold come back as hidden. */
interface ScanOptions extends LookupOptions {
  onlyPids?: readonly number[];
}

/**
 * Lists every process listening on `port` and every listening socket whose process is
 * invisible to us (another user's, on Linux without root).
 */
export async function scanPort(port: number, options: ScanOptions = {}): Promise<PortScan> {
  assertValidPort(port);
  const platform = options.platform ?? process.platform;
  const runner = options.runner ?? runCommand;
  if (platform === "linux" || platform === "android") {
    // Bind probes say which tables can matter; a fake procRoot is read in full.
    const families = options.procRoot === undefined ? await familiesInUse(port) : undefined;
    if (families?.length === 0) return { listeners: [], hidden: [] };
    return scanProcfs(port, { procRoot: options.procRoot, families, pids: options.onlyPids });
  }
  if (platform === "win32") return scanWindows(port, runner);
  return scanLsof(port, runner, platform === "darwin" ? "/usr/sbin/lsof" : "lsof");
}

/**
 * TCP listeners on exactly `port` (IPv4, IPv6 and dual-stack), one entry per process and
 * address. Linux reads /proc (no binary); macOS runs lsof; Windows runs netstat.
 */
export async function findListeners(port: number, options: LookupOptions = {}): Promise<Listener[]> {
  return (await scanPort(port, options)).listeners;
}
