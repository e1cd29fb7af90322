// A real `systemd --user` manager for tests, in a private mount namespace, on hosts where
// PID 1 is not systemd (containers, CI). Recipe: shared/reference/testing-real-components.md.
//
// systemd refuses to run unless /run/systemd/system exists; we create it only inside a
// private mount namespace on a tmpfs (never on the host: apt would then believe systemd is
// PID 1). The manager gets its own cgroup so teardown can find and kill everything it started.
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync } from "node:fs";
import path from "node:path";

/** How long the manager may take to reach SystemState=running. */
export const MANAGER_START_TIMEOUT_MS = 15_000;
/** How long teardown waits for the manager to exit after `systemctl --user exit`. */
export const MANAGER_EXIT_TIMEOUT_MS = 5_000;
/** Poll interval while waiting for the manager. */
const POLL_INTERVAL_MS = 50;

const SYSTEMD_BINARY = "/lib/systemd/systemd";
const CGROUP_ROOT = "/sys/fs/cgroup";

/** A running sandboxed user manager. */
export interface SystemdSandbox {
  /** Environment for systemctl/your code: XDG_RUNTIME_DIR and HOME of the sandbox, plus PATH. */
  readonly env: { XDG_RUNTIME_DIR: string; HOME: string; PATH: string };
  readonly home: string;
  readonly runtimeDir: string;
  /** The sandbox root (short, under /tmp); put test files here. */
  readonly root: string;
  /** The manager's cgroup directory. */
  readonly cgroupDir: string;
  /** Runs `systemctl --user …` against this manager. */
  systemctl(args: string[]): { code: number | null; stdout: string; stderr: string };
  /** PIDs currently in the manager's cgroup tree (manager included). */
  cgroupPids(): number[];
  /** Stops the manager, kills leftovers, removes the cgroup and the sandbox directory. */
  stop(): Promise<void>;
}

/** Where this host mounts cgroup v2: the root on pure cgroup2, `unified/` on hybrid hosts. */
function cgroupV2Root(): string | undefined {
  if (existsSync(path.join(CGROUP_ROOT, "cgroup.procs")) && existsSync(path.join(CGROUP_ROOT, "cgroup.controllers"))) {
    return CGROUP_ROOT;
  }
  const unified = path.join(CGROUP_ROOT, "unified");
  return existsSync(path.join(unified, "cgroup.procs")) ? unified : undefined;
}

/** Why a sandbox cannot run on this machine, or undefined when it can. */
export function systemdSandboxUnavailableReason(): string | undefined {
  if (process.platform !== "linux") return "not Linux";
  if (process.getuid?.() !== 0) return "not root (needs mount namespaces and cgroup writes)";
  try {
    accessSync(SYSTEMD_BINARY, constants.X_OK);
  } catch {
    return `no ${SYSTEMD_BINARY} (apt-get install systemd dbus-user-session)`;
  }
  for (const tool of ["unshare", "setsid", "systemctl"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) return `no ${tool} on PATH`;
  }
  if (!cgroupV2Root()) return "no cgroup v2 hierarchy at /sys/fs/cgroup or /sys/fs/cgroup/unified";
  return undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readPids(cgroupDir: string): number[] {
  const pids: number[] = [];
  const walk = (dir: string) => {
    try {
      for (const line of readFileSync(path.join(dir, "cgroup.procs"), "utf8").split("\n")) {
        if (line.trim()) pids.push(Number(line));
      }
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(path.join(dir, entry.name));
      }
    } catch {}
  };
  walk(cgroupDir);
  return pids;
}

function removeCgroupTree(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeCgroupTree(path.join(dir, entry.name));
  }
  try {
    rmdirSync(dir);
  } catch {}
}

/** Starts a `systemd --user` manager in a fresh sandbox and waits until it is running. */
export async function startSystemdUserManager(): Promise<SystemdSandbox> {
  const reason = systemdSandboxUnavailableReason();
  if (reason) throw new Error(`systemd sandbox unavailable: ${reason}`);
  // Short root: the manager's unix sockets live under it and must stay below 108 bytes.
  const root = mkdtempSync("/tmp/sd-");
  const home = path.join(root, "home");
  const runtimeDir = path.join(root, "run");
  mkdirSync(home, { recursive: true });
  mkdirSync(runtimeDir, { mode: 0o700 });
  const cgroupDir = path.join(cgroupV2Root() as string, `clawd-test-${path.basename(root)}`);
  mkdirSync(cgroupDir);
  const env = { XDG_RUNTIME_DIR: runtimeDir, HOME: home, PATH: "/usr/local/bin:/usr/bin:/bin" };
  const script = [
    "mount -t tmpfs tmpfs /run/systemd",
    "mkdir -p /run/systemd/system",
    `echo $$ > '${cgroupDir}/cgroup.procs'`,
    `exec ${SYSTEMD_BINARY} --user`,
  ].join("; ");
  const child = spawn(
    "setsid",
    ["env", "-i", ...Object.entries(env).map(([k, v]) => `${k}=${v}`), "unshare", "--mount", "--propagation", "private", "sh", "-c", script],
    { stdio: ["ignore", "ignore", "pipe"], detached: false },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) =>
    child.on("exit", () => {
      exited = true;
      resolve();
    }),
  );

  const systemctl = (args: string[]) => {
    const result = spawnSync("systemctl", ["--user", ...args], { env: { ...process.env, ...env }, encoding: "utf8" });
    return { code: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
  };

  const stop = async () => {
    if (!exited) {
      systemctl(["exit"]);
      const deadline = Date.now() + MANAGER_EXIT_TIMEOUT_MS;
      while (!exited && Date.now() < deadline) await sleep(POLL_INTERVAL_MS);
    }
    // Anything still in the cgroup (the manager itself if exit hung, services, their children).
    for (let attempt = 0; attempt < 20; attempt++) {
      const pids = readPids(cgroupDir);
      if (pids.length === 0) break;
      for (const pid of pids) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {}
      }
      await sleep(POLL_INTERVAL_MS);
    }
    if (!exited) child.kill("SIGKILL");
    await Promise.race([exitedPromise, sleep(MANAGER_EXIT_TIMEOUT_MS)]);
    removeCgroupTree(cgroupDir);
    rmSync(root, { recursive: true, force: true });
  };

  const deadline = Date.now() + MANAGER_START_TIMEOUT_MS;
  for (;;) {
    const state = systemctl(["show", "-p", "SystemState", "--value"]);
    if (state.code === 0 && state.stdout.trim() === "running") break;
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`systemd --user did not reach SystemState=running: ${(stderr || state.stderr).trim() || "timed out"}`);
    }
    await sleep(POLL_INTERVAL_MS);
  }

  return { env, home, runtimeDir, root, cgroupDir, systemctl, cgroupPids: () => readPids(cgroupDir), stop };
}
