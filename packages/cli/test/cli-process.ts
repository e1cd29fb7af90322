// Spawns the BUILT bin (dist/cli.js) with an isolated HOME and state dir, and tracks every
// child so afterEach can kill what a failing test left running.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach } from "vitest";

/** Absolute path of the built bin. */
export const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
/** How long a spawned CLI may take to print an expected line. */
export const LINE_TIMEOUT_MS = 15_000;

/** A throwaway HOME + state dir. */
export interface Sandbox {
  root: string;
  home: string;
  state: string;
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  cleanup(): void;
}

/** Creates a sandbox; `env()` never leaks the real HOME or any CLAWD_* variable. */
export function createSandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), "clawd-cli-test-"));
  const home = join(root, "home");
  const state = join(root, "state");
  mkdirSync(home, { recursive: true });
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^CLAWD|^CLAWDBOT|^FORCE_COLOR|^NO_COLOR/.test(k)) base[k] = v;
  return {
    root,
    home,
    state,
    env: (extra = {}) => ({ ...base, HOME: home, CLAWD_STATE_DIR: state, ...extra }),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Result of a CLI run that exited. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const children = new Set<ChildProcess>();

/** A running CLI process. */
export interface CliProcess {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  exited: Promise<CliResult>;
  /** Resolves once stdout+stderr contain `pattern` (rejects on exit or timeout). */
  waitFor(pattern: string | RegExp, timeoutMs?: number): Promise<void>;
}

/** Starts `node dist/cli.js …args`; `shellPrefix` runs it through `sh -c '<prefix> && exec "$@"'` (e.g. `ulimit -n 512`). */
export function startCli(args: string[], env: NodeJS.ProcessEnv, options: { input?: string; shellPrefix?: string } = {}): CliProcess {
  const child = options.shellPrefix
    ? spawn("sh", ["-c", `${options.shellPrefix} && exec "$@"`, "sh", process.execPath, CLI, ...args], { env, stdio: ["pipe", "pipe", "pipe"] })
    : spawn(process.execPath, [CLI, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
  children.add(child);
  let stdout = "";
  let stderr = "";
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of waiters) w();
  };
  child.stdout?.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
    notify();
  });
  child.stderr?.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
    notify();
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  else child.stdin?.end();
  const exited = new Promise<CliResult>((resolve) => {
    child.on("close", (code, signal) => {
      children.delete(child);
      notify();
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
    waitFor(pattern, timeoutMs = LINE_TIMEOUT_MS) {
      const test = () => (typeof pattern === "string" ? (stdout + stderr).includes(pattern) : pattern.test(stdout + stderr));
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (test()) done(resolve);
          else if (child.exitCode !== null || child.signalCode !== null) done(() => reject(new Error(`exited before ${pattern}:\n${stdout}\n${stderr}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`timeout waiting for ${pattern}:\n${stdout}\n${stderr}`))), timeoutMs);
        const done = (fn: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          fn();
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Runs the CLI to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, options: { input?: string } = {}): Promise<CliResult> {
  return startCli(args, env, options).exited;
}

/** SIGKILLs every CLI child still running (call from afterEach). */
export async function killAllClis(): Promise<void> {
  const waits: Promise<unknown>[] = [];
  for (const child of children) {
    waits.push(new Promise((r) => child.once("close", r)));
    child.kill("SIGKILL");
  }
  await Promise.all(waits);
}

/** A fresh sandbox for every test, handed to `use`; after each test its CLIs are killed and its folder removed. */
export function useSandboxPerTest(use: (box: Sandbox) => void): void {
  let box: Sandbox | undefined;
  beforeEach(() => {
    box = createSandbox();
    use(box);
  });
  afterEach(async () => {
    await killAllClis();
    box?.cleanup();
  });
}
