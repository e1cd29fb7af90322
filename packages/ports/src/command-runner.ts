import { spawn } from "node:child_process";

/** How long an inspection command (lsof, netstat, PowerShell, taskkill) may run. */
export const COMMAND_TIMEOUT_MS = 5_000;

/** What a finished command printed. `code` is null when it was killed by the timeout. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command without a shell. Rejects only when it cannot start (e.g. `code: "ENOENT"`).
 * Named for that rule: @clawd/daemon's `CommandRunner` never rejects (it resolves with `error`).
 */
export type RejectingCommandRunner = (command: string, args: readonly string[], options?: { timeoutMs?: number }) => Promise<CommandResult>;

/** @deprecated Use RejectingCommandRunner; this name collides with @clawd/daemon's non-rejecting `CommandRunner`. */
export type CommandRunner = RejectingCommandRunner;

/** The real runner: spawns the command, collects its output, kills it after `timeoutMs`. */
export const runCommand: RejectingCommandRunner = (command, args, options = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? COMMAND_TIMEOUT_MS);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
