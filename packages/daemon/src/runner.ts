// One way to run external commands (systemctl, launchctl, schtasks, loginctl): with a
// timeout, never throwing for a non-zero exit, and replaceable by a fake in tests.
import { spawn } from "node:child_process";

/** How one command ended. `code` is null when it was killed or could not start. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the command did not finish within its timeout and was killed. */
  timedOut?: boolean;
  /** Set when the command could not be started at all (e.g. ENOENT). */
  error?: NodeJS.ErrnoException;
}

export interface RunOptions {
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
}

/** Runs `command` with `args` and resolves with its outcome; never rejects. */
export type CommandRunner = (command: string, args: string[], options?: RunOptions) => Promise<CommandResult>;

/** Default timeout for a service-manager command. */
export const COMMAND_TIMEOUT_MS = 15_000;

/** Creates the real runner (child_process.spawn, no shell). */
export function createCommandRunner(defaults: RunOptions = {}): CommandRunner {
  return (command, args, options = {}) =>
    new Promise((resolve) => {
      const timeoutMs = options.timeoutMs ?? defaults.timeoutMs ?? COMMAND_TIMEOUT_MS;
      let stdout = "";
      let stderr = "";
      let timedOut = false;
      let settled = false;
      const child = spawn(command, args, {
        env: options.env ?? defaults.env ?? process.env,
        cwd: options.cwd ?? defaults.cwd,
        stdio: ["pipe", "pipe", "pipe"],
        windowsHide: true,
      });
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill("SIGKILL");
      }, timeoutMs);
      const finish = (result: CommandResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      child.on("error", (error: NodeJS.ErrnoException) => finish({ code: null, stdout, stderr, error }));
      child.on("close", (code) => finish({ code, stdout, stderr, ...(timedOut ? { timedOut } : {}) }));
      child.stdin.on("error", () => {});
      child.stdin.end(options.input ?? defaults.input ?? "");
    });
}
