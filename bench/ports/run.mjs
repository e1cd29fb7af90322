#!/usr/bin/env node
// bench/ports: how fast does @clawd/ports look up and free a port, next to the tools and
// methods people use today? One run, same machine, methods interleaved per iteration so
// background noise hits them alike. Prints medians, min–max (the noise) and ratios.
//
//   lookup: findListeners (procfs, in-process) vs spawning `lsof -F pcn` and `ss -ltnp`
//   free:   freePort vs the kill-port npm package vs the original's loop (SIGTERM, lsof
//           every 100 ms up to 700 ms, SIGKILL, lsof every 100 ms) — for a cooperative
//           holder (exits on SIGTERM after 30 ms of cleanup) and one that ignores SIGTERM.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import killPort from "kill-port";
import { findListeners, freePort, DEFAULT_GRACE_MS } from "@clawd/ports";

const LOOKUP_RUNS = Number(process.env.BENCH_LOOKUP_RUNS ?? 40);
const FREE_RUNS = Number(process.env.BENCH_FREE_RUNS ?? 7);
const IGNORE_RUNS = Number(process.env.BENCH_IGNORE_RUNS ?? 5);
const CLEANUP_MS = 30; // the cooperative holder's simulated cleanup between SIGTERM and close
const UPSTREAM_POLL_MS = 100; // the original's lsof polling interval
const OBSERVE_POLL_MS = 1; // how finely the bench itself watches the port free
const HOLDER = fileURLToPath(new URL("../../tooling/test-kit/fixtures/port-holder.mjs", import.meta.url));

if (process.platform !== "linux") {
  console.log("bench/ports measures the Linux procfs path against lsof and ss; skipped on", process.platform);
  process.exit(0);
}
const has = (cmd) => spawnSync(cmd, ["--version"], { stdio: "ignore" }).error === undefined;
const haveLsof = spawnSync("lsof", ["-v"], { stdio: "ignore" }).error === undefined;
const haveSs = has("ss");

// --- helpers ---------------------------------------------------------------------------
const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ms) => (Math.abs(ms) < 10 ? ms.toFixed(2) : ms.toFixed(1));
const signed = (ms) => (ms < 0 ? `− ${fmt(-ms)}` : `+ ${fmt(ms)}`);
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.length });

/** Independent observer: is anything in LISTEN on `port` in /proc/net/tcp{,6}? */
function listening(port) {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === "0A" && cols[1]?.endsWith(`:${hex}`)) return true;
    }
  }
  return false;
}
async function untilFree(port, limitMs = 10_000) {
  const end = now() + limitMs;
  while (listening(port)) {
    if (now() > end) throw new Error(`port ${port} still busy after ${limitMs}ms`);
    await sleep(OBSERVE_POLL_MS);
  }
}

function spawnHolder(kind, extra = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HOLDER, kind, ...extra], { stdio: ["ignore", "pipe", "inherit"] });
    const exited = new Promise((r) => child.once("exit", r));
    let buf = "";
    child.once("error", reject);
    child.stdout.setEncoding("utf8").on("data", (d) => {
      buf += d;
      if (!buf.includes("\n")) return;
      const info = JSON.parse(buf.split("\n")[0]);
      resolve({
        ...info,
        child,
        exited,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGKILL");
            await exited;
          }
        },
      });
    });
  });
}

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
    child.once("close", (code) => resolve({ code, out }));
  });
}
const lsofPids = async (port) => {
  const { out } = await run("lsof", ["-nP", `-iTCP:${port}`, "-sTCP:LISTEN", "-F", "pcn"]);
  return [...out.matchAll(/^p(\d+)$/gm)].map((m) => Number(m[1]));
};

/** The original's forceFreePortAndWait: SIGTERM, lsof every 100 ms up to 700 ms, SIGKILL, lsof every 100 ms up to 2 s. */
async function upstreamFree(port, { timeoutMs = 2000, intervalMs = UPSTREAM_POLL_MS, sigtermTimeoutMs = DEFAULT_GRACE_MS } = {}) {
  const pids = await lsofPids(port);
  for (const pid of pids) process.kill(pid, "SIGTERM");
  let waited = 0;
  for (let i = 0; i < Math.ceil(sigtermTimeoutMs / intervalMs); i++) {
    if ((await lsofPids(port)).length === 0) return;
    await sleep(intervalMs);
    waited += intervalMs;
  }
  const still = await lsofPids(port);
  if (still.length === 0) return;
  for (const pid of still) process.kill(pid, "SIGKILL");
  for (let i = 0; i < Math.ceil((timeoutMs - waited) / intervalMs); i++) {
    if ((await lsofPids(port)).length === 0) return;
    await sleep(intervalMs);
  }
  throw new Error(`upstream loop: port ${port} still busy`);
}

// --- lookup ------------------------------------------------------------------------------
const lookup = { findListeners: [], lsof: [], ss: [] };
{
  const holder = await spawnHolder("dual-stack");
  try {
    const port = holder.port;
    for (let i = 0; i < 3; i++) await findListeners(port); // warm up module and page cache
    for (let i = 0; i < LOOKUP_RUNS; i++) {
      globalThis.gc?.();
      let t = now();
      const found = await findListeners(port);
      lookup.findListeners.push(now() - t);
      if (found[0]?.pid !== holder.pid) throw new Error("findListeners missed the holder");
      if (haveLsof) {
        t = now();
        await run("lsof", ["-nP", `-iTCP:${port}`, "-sTCP:LISTEN", "-F", "pcn"]);
        lookup.lsof.push(now() - t);
      }
      if (haveSs) {
        t = now();
        await run("ss", ["-ltnpH", `sport = :${port}`]);
        lookup.ss.push(now() - t);
      }
    }
  } finally {
    await holder.stop();
  }
}

// --- freeing -----------------------------------------------------------------------------
async function measureFree(kind, method, extra) {
  const holder = await spawnHolder(kind, extra);
  try {
    const t = now();
    if (method === "floor") process.kill(holder.pid, kind === "cooperative" ? "SIGTERM" : "SIGKILL");
    else if (method === "freePort") await freePort(holder.port);
    else if (method === "kill-port") await killPort(holder.port);
    else await upstreamFree(holder.port);
    await untilFree(holder.port); // same observer for every method: time until the port is free
    return now() - t;
  } finally {
    await holder.stop();
  }
}
const coopMethods = ["floor", "freePort", "kill-port", ...(haveLsof ? ["lsof-poll-100ms"] : [])];
const ignoreMethods = ["floor", "freePort", "kill-port", ...(haveLsof ? ["lsof-poll-100ms"] : [])];
const coop = Object.fromEntries(coopMethods.map((m) => [m, []]));
const ignoring = Object.fromEntries(ignoreMethods.map((m) => [m, []]));
for (let i = 0; i < FREE_RUNS; i++) for (const m of coopMethods) coop[m].push(await measureFree("cooperative", m, ["--cleanup", String(CLEANUP_MS)]));
for (let i = 0; i < IGNORE_RUNS; i++) for (const m of ignoreMethods) ignoring[m].push(await measureFree("ignore-sigterm", m, []));

// --- report ------------------------------------------------------------------------------
const rows = [];
const row = (what, xs, vs, target, met) => {
  const s = stats(xs);
  rows.push(`| ${what} | ${fmt(s.median)} | ${fmt(s.min)}–${fmt(s.max)} | ${s.runs} | ${vs} | ${target} | ${met} |`);
};
const L = Object.fromEntries(
  Object.entries(lookup)
    .filter(([, xs]) => xs.length)
    .map(([k, xs]) => [k, median(xs)]),
);
const lookupRatio = L.lsof ? L.findListeners / L.lsof : undefined;
row(
  "lookup: findListeners (procfs, in-process)",
  lookup.findListeners,
  lookupRatio === undefined ? "–" : `${lookupRatio.toFixed(2)}× lsof, ${(L.findListeners / L.ss).toFixed(2)}× ss`,
  "≤ 0.33× lsof",
  lookupRatio === undefined ? "n/a" : lookupRatio <= 1 / 3 ? "✓" : "✗",
);
if (L.lsof) row("lookup: spawn `lsof -nP -iTCP:p -sTCP:LISTEN -F pcn`", lookup.lsof, "1.00× lsof", "", "");
if (L.ss) row("lookup: spawn `ss -ltnpH sport = :p`", lookup.ss, `${(L.ss / (L.lsof ?? L.ss)).toFixed(2)}× lsof`, "", "");
const floor = median(coop.floor);
for (const m of coopMethods) {
  const med = median(coop[m]);
  const vs = m === "floor" ? "holder's own exit (floor)" : `floor ${signed(med - floor)} ms`;
  const [target, met] = m === "freePort" ? ["≤ floor + 20 ms", med <= floor + 20 ? "✓" : "✗"] : ["", ""];
  row(`free cooperative (${CLEANUP_MS} ms cleanup): ${m === "floor" ? "SIGTERM by hand" : m}`, coop[m], vs, target, met);
}
const killFloor = median(ignoring.floor);
for (const m of ignoreMethods) {
  const med = median(ignoring[m]);
  const [target, met] = m === "freePort" ? [`≤ grace ${DEFAULT_GRACE_MS} + 50 ms`, med <= DEFAULT_GRACE_MS + 50 ? "✓" : "✗"] : ["", ""];
  const vs =
    m === "floor" ? "SIGKILL by hand → port free (floor)" : `grace ${signed(med - DEFAULT_GRACE_MS)} ms (floor ${signed(med - DEFAULT_GRACE_MS - killFloor)})`;
  row(`free SIGTERM-ignoring: ${m === "floor" ? "SIGKILL by hand" : m}`, ignoring[m], vs, target, met);
}
const fp = median(coop.freePort);
console.log(`node ${process.version}, ${process.platform} ${process.arch}; times in ms; median of N runs, min–max = this machine's noise`);
console.log("");
console.log("| measurement | median ms | min–max ms | N | compared | target | met |");
console.log("|---|---:|---:|---:|---|---|:-:|");
for (const r of rows) console.log(r);
console.log("");
if (coop["lsof-poll-100ms"])
  console.log(
    `cooperative: freePort is ${(median(coop["lsof-poll-100ms"]) / fp).toFixed(1)}× faster than the lsof 100 ms loop, ${(median(coop["kill-port"]) / fp).toFixed(1)}× faster than kill-port (which SIGKILLs without a grace period).`,
  );
if (ignoring["lsof-poll-100ms"])
  console.log(
    `SIGTERM-ignoring: freePort ${fmt(median(ignoring.freePort))} ms vs lsof loop ${fmt(median(ignoring["lsof-poll-100ms"]))} ms (both honour a ${DEFAULT_GRACE_MS} ms grace; kill-port skips it).`,
  );
