#!/usr/bin/env node
// `pnpm bench gateway` (or `node bench/gateway/run.mjs [--quick] [--only fanout,rpc,memory,cli-memory,startup]
// [--node <path>]…`): the gateway benchmarks. Servers and load generators run in separate
// processes; the tables report server CPU time per message and server RSS per connection.
// `--node <path>` (repeatable, or comma-separated) runs the whole set once per Node binary,
// e.g. Node 20 and the patched Node 22/24 of ../shared/tools/node-newer-glibc.sh.
import { execFileSync, spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { runCliIdleMemory } from "./cli-idle-memory.mjs";
import { runFanout } from "./fanout.mjs";
import { runIdleMemory } from "./idle-memory.mjs";
import { runRpc } from "./rpc.mjs";
import { runStartup } from "./startup.mjs";
import { fileURLToPath } from "node:url";
import { shortBuild } from "./uws-build.mjs";

/** File descriptors needed: 10,000 connections on each side plus headroom. */
const WANTED_NOFILE = 65_536;
/** The server process holds 10,000 sockets at once; below this the memory run cannot work. */
const MIN_NOFILE = 12_000;
/** Load-generator processes (the issue asks for 2–4). */
const CLIENT_PROCESSES = 3;

const args = process.argv.slice(2);
const nodes = args.flatMap((a, i) => (args[i - 1] === "--node" ? a.split(",") : a.startsWith("--node=") ? a.slice(7).split(",") : []));
if (nodes.length) process.exit(runPerNode(nodes));
const quick = args.includes("--quick");
const onlyArg = args.find((a) => a.startsWith("--only="))?.slice(7) ?? (args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined);
const only = new Set((onlyArg ?? "fanout,rpc,memory,cli-memory,startup").split(","));

/** "1.37, 0.97, 1.64": the 1/5/15-minute load averages (the machine may be shared). */
function loadAverage() {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(", ");
}

function openFilesLimit() {
  return Number(execFileSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).trim());
}

function raiseFdLimit() {
  // Children inherit the limit, so raising it on this process covers servers and clients.
  try {
    execFileSync("prlimit", ["--pid", String(process.pid), `--nofile=${WANTED_NOFILE}:${WANTED_NOFILE}`], { stdio: "ignore" });
  } catch {
    // Without CAP_SYS_RESOURCE the hard limit stays; at least lift the soft limit to it.
    try {
      const hard = execFileSync("sh", ["-c", "ulimit -Hn"], { encoding: "utf8" }).trim();
      execFileSync("prlimit", ["--pid", String(process.pid), `--nofile=${hard}:${hard}`], { stdio: "ignore" });
    } catch {
      // keep what we have
    }
  }
  const limit = openFilesLimit();
  if (limit < MIN_NOFILE) {
    console.error(`bench: the open-files limit is ${limit}; the idle-memory run needs ${MIN_NOFILE}. Raise it (ulimit -n ${WANTED_NOFILE}) and rerun.`);
    process.exit(1);
  }
  return limit < WANTED_NOFILE ? `${limit} (could not raise to ${WANTED_NOFILE}; enough)` : String(limit);
}

/** Reruns this script once per Node binary (args without --node) and returns the exit code. */
function runPerNode(paths) {
  const rest = args.filter((a, i) => a !== "--node" && args[i - 1] !== "--node" && !a.startsWith("--node="));
  let failed = 0;
  for (const path of paths) {
    const version = spawnSync(path, ["--version"], { encoding: "utf8" });
    if (version.status !== 0) {
      console.error(`bench: --node ${path} does not run (${(version.stderr || version.error?.message || "").trim()}); pass the path of a node binary`);
      return 2;
    }
    console.log(`\n## Node ${version.stdout.trim()} (${path})\n`);
    const r = spawnSync(path, [...process.execArgv, fileURLToPath(import.meta.url), ...rest], { stdio: "inherit" });
    if (r.status !== 0) failed++;
  }
  return failed ? 1 : 0;
}

const { detectTransport } = await import("@clawd/gateway-server");
const transport = detectTransport({});
if (transport.transport !== "uws") {
  console.error(
    `bench: no uWebSockets.js binding loads on Node ${process.version}, so the uWS rows (gateway and bare uWS) cannot be measured: ${transport.detail}.\n` +
      "Run on a Node that loads one, e.g. --node $(../shared/tools/node-newer-glibc.sh 22), or Node 20 with @trufflesuite/uws-js-unofficial.",
  );
  process.exit(1);
}
const nofile = raiseFdLimit();
const started = Date.now();
console.log(
  `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim()}), open-files limit ${nofile}, ` +
    `${CLIENT_PROCESSES} load processes${quick ? ", --quick" : ""}; uWS build: ${shortBuild(transport.detail)}; load average ${loadAverage()}\n`,
);
const targets = [];
if (only.has("fanout")) targets.push(["fan-out", await runFanout({ quick, clientProcesses: CLIENT_PROCESSES })]);
if (only.has("rpc")) await runRpc({ quick });
if (only.has("memory")) targets.push(["idle memory", await runIdleMemory({ quick, clientProcesses: CLIENT_PROCESSES + 1 })]);
if (only.has("cli-memory")) targets.push(["CLI-run gateway idle memory", await runCliIdleMemory({ quick, clientProcesses: CLIENT_PROCESSES })]);
if (only.has("startup")) await runStartup({ quick });
for (const [name, met] of targets) console.log(`- ${name} targets: ${met ? "met" : "NOT met"}`);
console.log(`\nbench/gateway finished in ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${loadAverage()}`);
