/** How long a graceful stop may take before the process exits with code 1. */
export const SHUTDOWN_TIMEOUT_MS = 5000;
/** Exit code after a second Ctrl-C (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

/** What the signal handlers drive. */
export interface SignalHooks {
  stop(signal: NodeJS.Signals): Promise<void>;
  restart(signal: NodeJS.Signals): Promise<void>;
  log(message: string, level?: "info" | "warn" | "error"): void;
  exit(code: number): void;
  shutdownTimeoutMs?: number;
}

type SignalSource = Pick<NodeJS.Process, "on" | "off">;

const STOP_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM"];
const RESTART_SIGNALS: NodeJS.Signals[] = process.platform === "win32" ? ["SIGHUP"] : ["SIGHUP", "SIGUSR1"];

/**
 * SPEC §3 step 8. SIGINT/SIGTERM stop gracefully (exit 0, or 1 after the timeout); a second
 * SIGINT exits at once with 130; SIGHUP/SIGUSR1 restart in-process. Returns the uninstaller.
 */
export function installSignalHandlers(hooks: SignalHooks, source: SignalSource = process): () => void {
  let state: "running" | "restarting" | "stopping" = "running";
  const timeoutMs = hooks.shutdownTimeoutMs ?? SHUTDOWN_TIMEOUT_MS;

  const onStop = (signal: NodeJS.Signals) => {
    if (state === "stopping") {
      if (signal === "SIGINT") {
        hooks.log("second SIGINT received; exiting now", "warn");
        hooks.exit(EXIT_INTERRUPTED);
      } else hooks.log(`${signal} received during shutdown; still shutting down`);
      return;
    }
    state = "stopping";
    hooks.log(`${signal} received; shutting down`);
    const timer = setTimeout(() => {
      hooks.log(`shutdown did not finish within ${timeoutMs}ms; exiting`, "error");
      hooks.exit(1);
    }, timeoutMs);
    timer.unref();
    hooks.stop(signal).then(
      () => {
        clearTimeout(timer);
        hooks.exit(0);
      },
      (err: unknown) => {
        clearTimeout(timer);
        hooks.log(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`, "error");
        hooks.exit(1);
      },
    );
  };

  const onRestart = (signal: NodeJS.Signals) => {
    if (state !== "running") {
      hooks.log(`${signal} received while ${state}; ignored`);
      return;
    }
    state = "restarting";
    hooks.log(`${signal} received; restarting`);
    hooks.restart(signal).finally(() => {
      if (state === "restarting") state = "running";
    });
  };

  for (const s of STOP_SIGNALS) source.on(s, onStop);
  for (const s of RESTART_SIGNALS) source.on(s, onRestart);
  return () => {
    for (const s of STOP_SIGNALS) source.off(s, onStop);
    for (const s of RESTART_SIGNALS) source.off(s, onRestart);
  };
}
