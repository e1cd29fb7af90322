// Is there a systemd user manager to talk to? Containers, WSL without systemd and `su`
// shells have none; we say so with a fix instead of letting each systemctl call fail.
import { existsSync, readFileSync } from "node:fs";
import type { CommandRunner } from "@clawd/daemon";
import { defaultCommandHint, ServiceError } from "@clawd/daemon";

/** How long the availability probe may take. */
export const USER_BUS_TIMEOUT_MS = 5_000;

/** Facts about the host that change the advice. */
export interface HostFacts {
  wsl: boolean;
  container: boolean;
  hasRuntimeDir: boolean;
}

/** Reads the host facts from env and a few well-known files. */
export function detectHost(env: NodeJS.ProcessEnv = process.env): HostFacts {
  let osRelease = "";
  try {
    osRelease = readFileSync("/proc/sys/kernel/osrelease", "utf8");
  } catch {}
  return {
    wsl: Boolean(env.WSL_DISTRO_NAME || env.WSL_INTEROP) || /microsoft/i.test(osRelease),
    container: Boolean(env.container) || existsSync("/.dockerenv") || existsSync("/run/.containerenv"),
    hasRuntimeDir: Boolean(env.XDG_RUNTIME_DIR),
  };
}

/** The fix hints for a missing user manager, most specific first; `hint` words CLI commands (the caller's profile). */
export function userBusHints(host: HostFacts, hint: (command: string) => string = defaultCommandHint): string[] {
  const hints: string[] = [];
  if (host.wsl) {
    hints.push(
      "WSL needs systemd enabled: add these two lines to /etc/wsl.conf: [boot] and systemd=true",
      "Then run `wsl --shutdown` from PowerShell and reopen your distro.",
    );
  } else if (host.container) {
    hints.push(
      `Containers usually run without systemd: run the gateway in the foreground (\`${hint("gateway")}\`) under the container's own supervisor instead.`,
    );
  } else if (!host.hasRuntimeDir) {
    hints.push(
      "XDG_RUNTIME_DIR is not set, so there is no user session: log in as this user directly (ssh or a desktop login, not su/sudo), or run `export XDG_RUNTIME_DIR=/run/user/$(id -u)`.",
    );
  }
  hints.push("Check with: systemctl --user status");
  if (!host.wsl && !host.container) hints.push(`Without systemd, run the gateway in the foreground instead: ${hint("gateway")}`);
  return hints;
}

/** Probes `systemctl --user`; resolves with null when the user manager answers, else the error to show. */
export async function checkUserBus(
  runner: CommandRunner,
  env: NodeJS.ProcessEnv,
  host: HostFacts = detectHost(env),
  hint: (command: string) => string = defaultCommandHint,
): Promise<ServiceError | null> {
  const result = await runner("systemctl", ["--user", "show", "-p", "SystemState", "--value"], {
    env,
    timeoutMs: USER_BUS_TIMEOUT_MS,
  });
  if (result.code === 0) return null;
  if (result.error?.code === "ENOENT") {
    return new ServiceError("systemctl was not found; per-user services on Linux need systemd.", userBusHints(host, hint));
  }
  const detail = result.timedOut
    ? `systemctl --user did not answer within ${USER_BUS_TIMEOUT_MS / 1000} s`
    : (result.stderr.trim() || result.stdout.trim() || result.error?.message || `exit code ${result.code}`).split("\n")[0];
  return new ServiceError(`systemd user services are unavailable: ${detail}`, userBusHints(host, hint));
}
