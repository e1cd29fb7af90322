import type { RejectingCommandRunner } from "./command-runner.js";

/** The two steps of freeing a port: ask politely, then force. */
export type StopSignal = "SIGTERM" | "SIGKILL";

/** What happened when we signalled one pid. `gone` (ESRCH) counts as success. */
export type SignalOutcome = { kind: "sent" } | { kind: "gone" } | { kind: "denied"; detail: string } | { kind: "failed"; detail: string };

/** Sends a signal to a pid; `SIGNAL_PROBE` (0) only checks that we may. */
export type Signaller = (pid: number, signal: StopSignal | 0) => Promise<SignalOutcome>;

/** Maps a kill() errno to an outcome. */
export function outcomeOfErrno(err: unknown): SignalOutcome {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ESRCH") return { kind: "gone" };
  if (code === "EPERM") return { kind: "denied", detail: "EPERM: the process belongs to another user" };
  return { kind: "failed", detail: String(err) };
}

/** POSIX signaller over process.kill. */
export const posixSignaller: Signaller = async (pid, signal) => {
  try {
    process.kill(pid, signal);
    return { kind: "sent" };
  } catch (err) {
    return outcomeOfErrno(err);
  }
};

/** Arguments for taskkill: graceful (WM_CLOSE) for SIGTERM, `/F` for SIGKILL. */
export function taskkillArgs(pid: number, signal: StopSignal): string[] {
  return signal === "SIGKILL" ? ["/F", "/PID", String(pid)] : ["/PID", String(pid)];
}

/**
 * Interprets a taskkill run. Exit 128 means no such process. A console program without
 * a window cannot take a graceful close ("can only be terminated forcefully"): that is
 * not an error, the escalation to /F handles it.
 */
export function parseTaskkillResult(code: number | null, stdout: string, stderr: string): SignalOutcome {
  const text = `${stdout}\n${stderr}`.trim();
  if (code === 0) return { kind: "sent" };
  if (code === 128 || /not found/i.test(text)) return { kind: "gone" };
  if (/forcefully/i.test(text)) return { kind: "sent" };
  if (/access is denied|zugriff verweigert|acc[eè]s refus[eé]/i.test(text)) return { kind: "denied", detail: text };
  return { kind: "failed", detail: text || `taskkill exited with ${code}` };
}

/** Windows signaller over taskkill (signal 0 cannot be checked up front there, so it reports `sent`). */
export function windowsSignaller(runner: RejectingCommandRunner): Signaller {
  return async (pid, signal) => {
    if (signal === 0) return { kind: "sent" };
    try {
      const r = await runner("taskkill", taskkillArgs(pid, signal));
      return parseTaskkillResult(r.code, r.stdout, r.stderr);
    } catch (err) {
      return { kind: "failed", detail: `taskkill could not start: ${String(err)}` };
    }
  };
}
