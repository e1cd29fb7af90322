// The open-files limit (RLIMIT_NOFILE) against gateway.limits.maxConnections: every socket is a
// file descriptor, so a gateway allowed 12,000 connections in a process that may open 1,024
// files fails at the 1,000th with EMFILE, not with the 503 the limit promises. Node raises its
// soft limit to the hard one at start, so the limit read here (the process's own, after that)
// is what binds: a shell's `ulimit -n` (1,024 soft, often higher hard) or, for the service,
// the unit's LimitNOFILE (systemd >= 240 gives user services 1024:524288, so Node gets 524,288).

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Descriptors the gateway process uses besides client sockets (listeners, log files, epoll, Node's own). */
export const OPEN_FILES_RESERVE = 64;

/** This process's soft open-files limit, or undefined where it cannot be read (Windows) or is unlimited. */
export function openFilesLimit(platform: NodeJS.Platform = process.platform, procLimits = "/proc/self/limits"): number | undefined {
  if (platform === "linux") {
    try {
      return parseProcLimits(readFileSync(procLimits, "utf8"));
    } catch {
      return undefined;
    }
  }
  if (platform === "win32") return undefined;
  // macOS and the BSDs: a child shell inherits our limits.
  const shell = spawnSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" });
  const value = Number(shell.stdout?.trim());
  return shell.status === 0 && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** The soft "Max open files" of a /proc/<pid>/limits text; undefined when unlimited or absent. */
export function parseProcLimits(text: string): number | undefined {
  const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(text);
  if (!match || match[1] === "unlimited") return undefined;
  const soft = Number(match[1]);
  return Number.isSafeInteger(soft) ? soft : undefined;
}

/** The service manager running the gateway (CLAWD_SERVICE_KIND) and its unit/label, if any. */
export interface OpenFilesService {
  kind: string;
  name: string;
}

/** One warning line when maxConnections sockets (plus the reserve) do not fit in the limit, else undefined. */
export function openFilesWarning(maxConnections: number, limit: number | undefined, service: OpenFilesService | undefined): string | undefined {
  if (limit === undefined) return undefined;
  const needed = maxConnections + OPEN_FILES_RESERVE;
  if (needed <= limit) return undefined;
  const how =
    service?.kind === "systemd"
      ? `set LimitNOFILE=${needed} under [Service] (systemctl --user edit ${service.name}.service) and restart the service`
      : service?.kind === "launchd"
        ? `set SoftResourceLimits and HardResourceLimits NumberOfFiles to ${needed} in the ${service.name} plist and reload it`
        : `run \`ulimit -n ${needed}\` in the shell that starts clawd gateway (raising the hard limit may need root or /etc/security/limits.conf)`;
  return (
    `gateway.limits.maxConnections is ${maxConnections} but this process may open only ${limit} files (RLIMIT_NOFILE), ` +
    `so connections past about ${Math.max(0, limit - OPEN_FILES_RESERVE)} will fail; ${how}, or lower gateway.limits.maxConnections`
  );
}
