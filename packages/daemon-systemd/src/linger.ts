// Lingering: without it, systemd stops a user's services when their last session ends,
// which kills the gateway at logout. `loginctl` reads and sets it (setting needs root or polkit).
import { userInfo } from "node:os";
import type { CommandRunner } from "@clawd/daemon";
import { ServiceError } from "@clawd/daemon";

/** How long `loginctl show-user` may take. */
export const LINGER_STATUS_TIMEOUT_MS = 5_000;
/** How long `loginctl enable-linger` may take (it may wait for polkit). */
export const LINGER_ENABLE_TIMEOUT_MS = 30_000;

/** Whether lingering is on; `unknown` (with a detail) when loginctl could not tell. */
export interface LingerStatus {
  state: "enabled" | "disabled" | "unknown";
  detail?: string;
}

/** The user whose lingering matters: $USER, then $LOGNAME, then the OS account name. */
export function resolveLingerUser(env: NodeJS.ProcessEnv = process.env): string {
  return env.USER?.trim() || env.LOGNAME?.trim() || userInfo().username;
}

function output(result: { stdout: string; stderr: string; error?: Error; timedOut?: boolean }, timeoutMs: number) {
  if (result.error) return result.error.message;
  if (result.timedOut) return `no answer within ${timeoutMs / 1000} s`;
  return (result.stderr.trim() || result.stdout.trim()).split("\n")[0] || "no output";
}

/** Reads `loginctl show-user <user> -p Linger`. */
export async function getLinger(user: string, runner: CommandRunner, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<LingerStatus> {
  const timeoutMs = options.timeoutMs ?? LINGER_STATUS_TIMEOUT_MS;
  const result = await runner("loginctl", ["show-user", user, "-p", "Linger"], { timeoutMs, env: options.env });
  if (result.code === 0) {
    const match = /^Linger=(yes|no)$/m.exec(result.stdout);
    if (match) return { state: match[1] === "yes" ? "enabled" : "disabled" };
    return { state: "unknown", detail: `unexpected loginctl output: ${result.stdout.trim() || "(empty)"}` };
  }
  return { state: "unknown", detail: `loginctl show-user ${user} failed: ${output(result, timeoutMs)}` };
}

/** Runs `loginctl enable-linger <user>` (with `sudo -n` when asked); throws a ServiceError with the manual command. */
export async function enableLinger(
  user: string,
  runner: CommandRunner,
  options: { sudo?: boolean; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? LINGER_ENABLE_TIMEOUT_MS;
  const [command, args] = options.sudo ? ["sudo", ["-n", "loginctl", "enable-linger", user]] : ["loginctl", ["enable-linger", user]];
  const result = await runner(command, args, { timeoutMs, env: options.env });
  if (result.code === 0) return;
  throw new ServiceError(`Failed to enable lingering for ${user}: ${output(result, timeoutMs)}`, [`Run manually: sudo loginctl enable-linger ${user}`]);
}

/** The lines to show when lingering is off (for `install` output and `doctor`). */
export function lingerAdvice(user: string): string[] {
  return [
    `Lingering is disabled for ${user}: systemd stops the gateway when you log out.`,
    `Fix: sudo loginctl enable-linger ${user} (or reinstall with --linger)`,
  ];
}
