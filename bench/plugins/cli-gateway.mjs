// Starts the CLI's gateway (`node packages/cli/dist/cli.js gateway`) in a throwaway HOME with
// the given plugins, waits until it answers, and reads its CPU time from /proc.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CLI = new URL("../../packages/cli/dist/cli.js", import.meta.url).pathname;
/** How long a gateway may take to answer /healthz after spawn. */
const READY_TIMEOUT_MS = 30_000;
/** Clock ticks per second of /proc/<pid>/stat times (getconf CLK_TCK; 100 on Linux). */
const CLK_TCK = 100;

/** A port the OS just handed out on loopback (the gateway binds it right after). */
export async function freePort() {
  const srv = createServer();
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

/** User + system CPU of `pid` in microseconds (10 ms resolution). */
export function processCpuUs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) / CLK_TCK) * 1e6;
}

/** Spawns the CLI gateway with `plugins` (config entries); resolves once /healthz answers. */
export async function startCliGateway(plugins) {
  const root = mkdtempSync(join(tmpdir(), "clawd-bench-plugins-"));
  const state = join(root, "state");
  mkdirSync(state, { recursive: true });
  writeFileSync(join(state, "clawd.json"), JSON.stringify({ gateway: { mode: "local" }, plugins }));
  const port = await freePort();
  const env = { ...process.env, HOME: root, CLAWD_STATE_DIR: state };
  for (const k of Object.keys(env)) if (/^CLAWD_GATEWAY/.test(k)) delete env[k];
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, "gateway", "--port", String(port)], { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gateway exited ${child.exitCode}: ${stderr}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`gateway did not answer within ${READY_TIMEOUT_MS}ms: ${stderr}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const readyMs = performance.now() - started;
  return {
    url: `ws://127.0.0.1:${port}`,
    pid: child.pid,
    readyMs,
    cpuUs: () => processCpuUs(child.pid),
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
