// Port helpers for tests: free ports picked by the OS, and real child processes that hold
// a port in a chosen way (cooperative, ignoring SIGTERM, IPv6-only, dual-stack, exiting by
// itself, forked so two pids share one socket), optionally as another uid.
//
//   const holder = await spawnPortHolder({ kind: "ignore-sigterm" });
//   try { … holder.port, holder.pid … } finally { await holder.stop(); }
//
// Every holder is also tracked: `await stopAllPortHolders()` in afterEach kills leftovers.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { shareWithOtherUsers } from "./other-user-files.js";

/** The holder script, for tests that want to spawn it themselves (e.g. under `setpriv`). */
export const PORT_HOLDER_SCRIPT = fileURLToPath(new URL("../fixtures/port-holder.mjs", import.meta.url));
/** How long a holder may take to report that it listens. */
export const HOLDER_READY_TIMEOUT_MS = 10_000;
/** How long stop() waits for the holder to die after SIGKILL. */
export const HOLDER_STOP_TIMEOUT_MS = 5_000;

/** How the holder behaves; see fixtures/port-holder.mjs. */
export type PortHolderKind = "cooperative" | "ignore-sigterm" | "ipv6-only" | "dual-stack" | "exit-after" | "forked";

export interface PortHolderOptions {
  kind: PortHolderKind;
  /** 0 (default) lets the OS pick. */
  port?: number;
  /** Default 127.0.0.1 (`::` for ipv6-only and dual-stack). */
  host?: string;
  /** cooperative: delay between SIGTERM and closing, to simulate cleanup. */
  cleanupMs?: number;
  /** exit-after: exits by itself this long after listening (default 300). */
  exitAfterMs?: number;
  /** Extra arguments on the holder's command line (ignored by it), e.g. a fake `--token X` to check redaction. */
  extraArgs?: string[];
  /** Run as this uid/gid through `setpriv` (needs root); the script runs from a world-readable temp copy. */
  uid?: number;
  gid?: number;
}

export interface PortHolder {
  /** The holder's pid (the process that called listen). */
  pid: number;
  /** Every pid holding the socket (two for "forked"). */
  pids: number[];
  port: number;
  address: string;
  family: string;
  child: ChildProcess;
  /** Resolves with the exit code or signal once the holder process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** True while the holder process is alive. */
  alive(): boolean;
  /** SIGKILLs every pid of the holder (if still alive) and waits for the process to exit. */
  stop(): Promise<void>;
}

const live = new Set<PortHolder>();

/** Returns a TCP port the OS reports free on `host` right now. */
export function getFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when `port` can be bound on `host` right now (listens and closes at once). */
export function canBind(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Picks a group of ports that are all bindable on every loopback: `candidates()` proposes
 * a group (e.g. 3000, 30001, 13000 for digit-sharing neighbours), retried until one fits.
 */
export async function pickFreePorts(candidates: () => number[], attempts = 100): Promise<number[]> {
  for (let i = 0; i < attempts; i++) {
    const group = candidates();
    let ok = true;
    for (const port of group) {
      if (!(await canBind(port, "127.0.0.1")) || !(await canBind(port, "::1").catch(() => true))) ok = false;
    }
    if (ok) return group;
  }
  throw new Error(`pickFreePorts: no free group of ports after ${attempts} attempts`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Starts a port holder and resolves once it listens. Rejects (and kills it) if it fails to. */
export function spawnPortHolder(options: PortHolderOptions): Promise<PortHolder> {
  // Another uid may not traverse the checkout's parents (a clone under /root or a 0700
  // mktemp folder): it runs a copy of the script from a world-readable temp folder.
  const shared = options.uid === undefined ? undefined : shareWithOtherUsers({ "port-holder.mjs": PORT_HOLDER_SCRIPT });
  const args = [shared ? shared.path("port-holder.mjs") : PORT_HOLDER_SCRIPT, options.kind, "--port", String(options.port ?? 0)];
  if (options.host) args.push("--host", options.host);
  if (options.cleanupMs !== undefined) args.push("--cleanup", String(options.cleanupMs));
  if (options.exitAfterMs !== undefined) args.push("--exit-after", String(options.exitAfterMs));
  if (options.extraArgs) args.push(...options.extraArgs);
  const [command, argv] = !shared
    ? [process.execPath, args]
    : ["setpriv", [`--reuid=${options.uid}`, `--regid=${options.gid ?? options.uid}`, "--clear-groups", shared.node, ...args]];
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  child.once("error", () => shared?.remove());
  void exited.then(() => shared?.remove());
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    let buffer = "";
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`port holder (${options.kind}) ${why}${stderr ? `: ${stderr.trim()}` : ""}`));
    };
    const timer = setTimeout(() => fail(`did not listen within ${HOLDER_READY_TIMEOUT_MS}ms`), HOLDER_READY_TIMEOUT_MS);
    child.once("error", (err) => fail(`could not start (${err.message})`));
    void exited.then(({ code, signal }) => fail(`exited before listening (code ${code}, signal ${signal})`));
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      buffer += d;
      const line = buffer.split("\n").find((l) => l.includes('"listening"'));
      if (!line) return;
      clearTimeout(timer);
      const info = JSON.parse(line) as { pid: number; pids: number[]; port: number; address: string; family: string };
      const holder: PortHolder = {
        ...info,
        child,
        exited,
        alive: () => child.exitCode === null && child.signalCode === null,
        async stop() {
          live.delete(holder);
          for (const pid of info.pids)
            if (isAlive(pid))
              try {
                process.kill(pid, "SIGKILL");
              } catch {
                /* already gone */
              }
          await Promise.race([exited, new Promise((r) => setTimeout(r, HOLDER_STOP_TIMEOUT_MS))]);
        },
      };
      live.add(holder);
      resolve(holder);
    });
  });
}

/** Stops every holder still running (call in afterEach so a failed test leaves no process behind). */
export async function stopAllPortHolders(): Promise<void> {
  await Promise.all([...live].map((h) => h.stop()));
}
