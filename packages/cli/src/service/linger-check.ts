// Linux only: a per-user systemd service stops when the user logs out unless lingering is
// on. `install` reports it, and `install --linger` turns it on.
import { createCommandRunner, type CommandRunner } from "@clawd/daemon";
import { errorMessage } from "../cli-error.js";
import { loadDaemonModule } from "./service-loader.js";

/** What `install` says about lingering. */
export interface LingerReport {
  state: "enabled" | "disabled" | "unknown";
  /** A line to print (✓ when enabled, a warning otherwise). */
  message: string;
  /** Set when the user should act. */
  warning?: string;
}

interface LingerApi {
  resolveLingerUser(env: NodeJS.ProcessEnv): string;
  getLinger(
    user: string,
    runner: CommandRunner,
    options?: { env?: NodeJS.ProcessEnv },
  ): Promise<{ state: "enabled" | "disabled" | "unknown"; detail?: string }>;
  enableLinger(user: string, runner: CommandRunner, options?: { sudo?: boolean; env?: NodeJS.ProcessEnv }): Promise<void>;
  lingerAdvice(user: string): string[];
}

/** Checks lingering for the current user and, with `enable`, turns it on (sudo -n when not root). */
export async function lingerCheck(env: NodeJS.ProcessEnv, enable: boolean, runner: CommandRunner = createCommandRunner()): Promise<LingerReport> {
  const api = (await loadDaemonModule("linux")) as unknown as LingerApi;
  const user = api.resolveLingerUser(env);
  let status = await api.getLinger(user, runner, { env });
  if (enable && status.state !== "enabled") {
    try {
      await api.enableLinger(user, runner, { sudo: process.getuid?.() !== 0, env });
      status = await api.getLinger(user, runner, { env });
    } catch (err) {
      const warning = `could not enable lingering for ${user}: ${errorMessage(err)} — run: sudo loginctl enable-linger ${user}`;
      return { state: status.state, message: warning, warning };
    }
  }
  if (status.state === "enabled") return { state: "enabled", message: `lingering enabled for ${user}: the gateway keeps running after logout` };
  if (status.state === "disabled") {
    const warning = api.lingerAdvice(user).join(" ");
    return { state: "disabled", message: warning, warning };
  }
  const warning = `could not check lingering for ${user}${status.detail ? `: ${status.detail}` : ""}`;
  return { state: "unknown", message: warning, warning };
}
