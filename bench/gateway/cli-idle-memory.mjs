// Idle memory as users see it: the gateway started by `clawd gateway` (the same command the
// installed service runs), holding N handshaken idle connections. Nothing here forces a GC
// or adds --expose-gc: RSS is read from /proc/<pid>/status, CPU from /proc/<pid>/stat, so
// the measured process runs exactly as a user's does. Variants: `clawd gateway` in the
// foreground as shipped (re-executes itself with the memory settings where Node has
// process.execve; on Node 20 sets the run-time V8 flags instead), as the installed service unit starts it (settings on its command line and
// in its environment, on every Node), and with Node's defaults (CLAWD_GATEWAY_TUNING=off).
// The gateway's config raises gateway.limits.maxConnections above the connection count (the
// default 8,192 would refuse the rest of 10,000), and a round with fewer connections open than
// asked fails the run instead of reporting a per-connection figure over a partial count.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startLoadClients } from "./fanout.mjs";
import { formatSpread, printTable } from "./stats.mjs";
import { shortBuild } from "./uws-build.mjs";

/** Target from the issue: RSS per idle connection of the CLI-run gateway on uWS, bytes. */
export const CLI_TARGET_BYTES_PER_CONNECTION = 2 * 1024;
/** How long the gateway is left alone after the burst before the idle sample, ms (env BENCH_CLI_IDLE_WAIT_MS). */
export const CLI_IDLE_WAIT_MS = Number(process.env.BENCH_CLI_IDLE_WAIT_MS) || 20_000;
/** Budget for `clawd gateway` to print its listening line, ms. */
const CLI_START_TIMEOUT_MS = 20_000;
/** gateway.limits.maxConnections of the measured gateway: above every count measured here (env BENCH_CLI_MAX_CONNECTIONS). */
export const CLI_MAX_CONNECTIONS = Number(process.env.BENCH_CLI_MAX_CONNECTIONS) || 12_000;
/** Clock ticks per second of /proc/<pid>/stat's utime/stime (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

const cliEntry = fileURLToPath(new URL("../../packages/cli/dist/cli.js", import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const { gatewayTuning } = await import("../../packages/cli/dist/index.js");
const unit = gatewayTuning({});

/** The variants: the foreground CLI, the service unit's command line, and Node's defaults. */
export const CLI_VARIANTS = [
  { name: "clawd gateway (foreground, as shipped)", env: {} },
  { name: "service unit (flags + env in the unit)", execArgv: unit.v8Flags, env: unit.env },
  { name: "Node defaults (CLAWD_GATEWAY_TUNING=off)", env: { CLAWD_GATEWAY_TUNING: "off" } },
];

function rssBytes(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : Number.NaN;
}

function cpuUs(pid) {
  // Fields after the ")" of the command name: state is field 3, utime 14, stime 15.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / USER_HZ;
}

async function freePort() {
  const srv = createServer();
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

/** The pid of the process that serves the port: the CLI itself, or the child it re-execs. */
function servingPid(root, output) {
  const m = /listening on ws:\/\/[^ ]+ \(PID (\d+)\)/.exec(output);
  return m ? Number(m[1]) : root;
}

/** Starts `clawd gateway` on a free loopback port in a throwaway state dir whose config allows `maxConnections`. */
async function startCliGateway(env, execArgv = [], maxConnections = CLI_MAX_CONNECTIONS) {
  const home = mkdtempSync(join(tmpdir(), "clawd-bench-"));
  mkdirSync(join(home, ".clawd"), { mode: 0o700 });
  writeFileSync(join(home, ".clawd", "clawd.json"), `${JSON.stringify({ gateway: { limits: { maxConnections } } }, null, 2)}\n`, { mode: 0o600 });
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...execArgv, cliEntry, "gateway", "--allow-unconfigured", "--port", String(port), "--auth", "none", "--bind", "loopback"],
    {
      env: { ...process.env, HOME: home, CLAWD_STATE_DIR: join(home, ".clawd"), NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const deadline = Date.now() + CLI_START_TIMEOUT_MS;
  while (!/listening on ws:/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`clawd gateway did not start: ${output.trim().slice(-400)}`);
    }
    await sleep(50);
  }
  await sleep(200); // the transport line follows the listening line
  const transport = /transport: (\S+) \((.*)\)$/m.exec(output);
  const stop = async () => {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
    rmSync(home, { recursive: true, force: true });
  };
  return { pid: servingPid(child.pid, output), url: `ws://127.0.0.1:${port}`, transport: transport?.[1] ?? "?", detail: transport?.[2] ?? "", stop };
}

async function measureOnce(variant, connections, clientProcesses) {
  const gw = await startCliGateway(variant.env, variant.execArgv, CLI_MAX_CONNECTIONS);
  try {
    await sleep(1_000); // let startup garbage settle the way it would before users connect
    const before = rssBytes(gw.pid);
    const cpu0 = cpuUs(gw.pid);
    const load = await startLoadClients(gw.url, connections, clientProcesses, true);
    try {
      const burstCpu = cpuUs(gw.pid) - cpu0;
      const open = load.open.reduce((a, b) => a + b, 0);
      if (open !== connections) {
        // A per-connection figure over a partial count is not the figure asked for: stop here.
        throw new Error(
          `bench: only ${open} of ${connections} connections opened to ${variant.name} (see the failures above); no figure reported (gateway.limits.maxConnections is ${CLI_MAX_CONNECTIONS})`,
        );
      }
      await sleep(500);
      const afterBurst = rssBytes(gw.pid);
      await sleep(CLI_IDLE_WAIT_MS);
      const idle = rssBytes(gw.pid);
      return {
        open,
        transport: gw.transport,
        detail: gw.detail,
        before,
        burst: (afterBurst - before) / open,
        idle: (idle - before) / open,
        cpuPerConn: burstCpu / open,
      };
    } finally {
      await load.stop();
    }
  } finally {
    await gw.stop();
  }
}

/** Measures each variant at each connection count and prints the table; true when the shipped variant meets the target. */
export async function runCliIdleMemory({ quick, clientProcesses, counts = [2_000, 10_000], variants = CLI_VARIANTS }) {
  const rounds = quick ? 1 : 3;
  const rows = [];
  let met = true;
  let build = "";
  for (const connections of counts) {
    for (const variant of variants) {
      const runs = [];
      for (let r = 0; r < rounds; r++) {
        const m = await measureOnce(variant, connections, clientProcesses);
        console.error(
          `  cli idle ${variant.name} ${connections}: ${m.open} open, ${(m.idle / 1024).toFixed(2)} KiB/conn idle, ${m.cpuPerConn.toFixed(0)} µs CPU/conn`,
        );
        runs.push(m);
        build = m.transport === "uws" ? shortBuild(m.detail) : `ws (${m.detail})`;
      }
      const idleKiB = runs.map((m) => m.idle / 1024);
      if (variant !== variants.at(-1)) met &&= Math.max(...idleKiB) * 1024 <= CLI_TARGET_BYTES_PER_CONNECTION;
      rows.push([
        variant.name,
        runs[0].transport,
        Math.min(...runs.map((m) => m.open)).toLocaleString("en-US"),
        formatSpread(
          runs.map((m) => m.before / 2 ** 20),
          1,
        ),
        formatSpread(runs.map((m) => m.burst / 1024)),
        formatSpread(idleKiB),
        formatSpread(
          runs.map((m) => m.cpuPerConn),
          0,
        ),
      ]);
    }
  }
  console.log(
    `### Idle memory of the CLI-run gateway (\`clawd gateway\`, no --expose-gc, no forced GC; ${rounds === 1 ? "1 round" : `median of ${rounds} rounds, min–max`})\n`,
  );
  printTable(
    [
      "process",
      "transport",
      "connections",
      "RSS before MiB",
      "KiB/conn after burst (+0.5 s)",
      `KiB/conn idle (+${CLI_IDLE_WAIT_MS / 1000} s)`,
      "CPU µs/conn (connect burst)",
    ],
    rows,
  );
  console.log(
    `- build: ${build}; Node ${process.version} ${typeof process.execve === "function" ? "has" : "lacks"} process.execve; target ≤ 2 KiB/conn idle (foreground and service): ${met ? "met" : "NOT met"}\n`,
  );
  return met;
}
