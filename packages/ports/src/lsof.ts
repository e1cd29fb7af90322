import type { CommandResult, RejectingCommandRunner } from "./command-runner.js";
import type { Family, Listener, PortScan } from "./listener-types.js";
import { hostOfAddress, portOfAddress } from "./port-number.js";
import { PortError } from "./port-error.js";

/** Where lsof lives on macOS first, then elsewhere; the runner falls back to PATH. */
export const LSOF_PATHS = ["/usr/sbin/lsof", "/usr/bin/lsof"] as const;

/**
 * Arguments for listing TCP listeners on one port in field mode: p pid, c command,
 * L login, t type (IPv4/IPv6, which `*:port` alone does not tell), n address.
 */
export function lsofArgs(port: number): string[] {
  return ["-nP", `-iTCP:${port}`, "-sTCP:LISTEN", "-F", "pcLtn"];
}

/**
 * Parses `lsof -F pcLtn` output into listeners on exactly `port`. A `p` line starts a
 * process, `f` a file; records without a pid, connected sockets (`->`) and addresses on
 * other ports (lsof's `-i` may be wider than asked) are dropped; every address is kept.
 */
export function parseLsof(text: string, port: number): Listener[] {
  const listeners: Listener[] = [];
  let proc: { pid: number; command: string; user?: string } | undefined;
  let family: Family | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    if (line === "") continue;
    const field = line[0];
    const value = line.slice(1);
    if (field === "p") {
      const pid = /^\d+$/.test(value) ? Number(value) : undefined;
      proc = pid === undefined ? undefined : { pid, command: "unknown" };
      family = undefined;
      continue;
    }
    if (!proc) continue; // a field before any valid `p` line belongs to no process
    if (field === "c") {
      proc.command = value;
    } else if (field === "L") {
      proc.user = value;
    } else if (field === "f") {
      family = undefined;
    } else if (field === "t") {
      family = value === "IPv6" ? "IPv6" : value === "IPv4" ? "IPv4" : undefined;
    } else if (field === "n") {
      if (value.includes("->") || portOfAddress(value) !== port) continue;
      const address = hostOfAddress(value);
      const guessed: Family = value.startsWith("[") || address.includes(":") ? "IPv6" : "IPv4";
      listeners.push({ pid: proc.pid, command: proc.command, user: proc.user, address, port, family: family ?? guessed });
    }
  }
  return listeners;
}

/** macOS (and any POSIX host with lsof): runs lsof and parses it. Exit 1 with no output means no listeners. */
export async function scanLsof(port: number, runner: RejectingCommandRunner, lsofPath = "lsof"): Promise<PortScan> {
  let result: CommandResult;
  try {
    result = await runner(lsofPath, lsofArgs(port));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new PortError(
      "LOOKUP_FAILED",
      code === "ENOENT"
        ? `Cannot list listeners on port ${port}: lsof is not installed. Install it (macOS ships it in /usr/sbin/lsof).`
        : `Cannot list listeners on port ${port}: lsof failed to start (${String(err)}).`,
      { port, cause: err },
    );
  }
  if (result.code !== 0 && result.code !== 1) {
    throw new PortError("LOOKUP_FAILED", `Cannot list listeners on port ${port}: lsof exited with ${result.code}: ${result.stderr.trim()}`, { port });
  }
  return { listeners: parseLsof(result.stdout, port), hidden: [] };
}
