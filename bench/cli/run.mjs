#!/usr/bin/env node
// bench/cli: how fast is the `clawd` bin? Median wall time and peak RSS (same runs) of
// `clawd --version`, `clawd --help` and `clawd gateway` (exec → first accepted WebSocket
// upgrade), against `node -e 0` as the floor. Targets: --version ≤ 1.5× the floor,
// gateway ready ≤ 150 ms, gateway RSS ≤ 60 MB.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const READY_POLL_MS = 2;
const READY_TIMEOUT_MS = 10_000;
const CLI = new URL("../../packages/cli/dist/cli.js", import.meta.url).pathname;
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const sandbox = mkdtempSync(join(tmpdir(), "clawd-bench-"));
const env = { ...process.env, HOME: sandbox, CLAWD_STATE_DIR: join(sandbox, "state"), NO_COLOR: "1" };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const range = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

/** One short-lived command: wall ms (measured here) and peak RSS in MB (/usr/bin/time -f %M). */
function measureCommand(args) {
  const started = performance.now();
  const r = TIME
    ? spawnSync(TIME, ["-f", "%M", process.execPath, ...args], { env, encoding: "utf8" })
    : spawnSync(process.execPath, args, { env, encoding: "utf8" });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const kb = TIME ? Number(r.stderr.trim().split("\n").pop()) : Number.NaN;
  return { ms, mb: kb / 1024 };
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function tryUpgrade(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("error", () => resolve(false));
    socket.once("connect", () =>
      socket.write(
        `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
    socket.once("data", (d) => {
      socket.destroy();
      resolve(d.toString().startsWith("HTTP/1.1 101"));
    });
  });
}

/** `clawd gateway`: ms from spawn to the first accepted WebSocket upgrade; VmHWM of the gateway then. */
async function measureGateway() {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, "gateway", "--allow-unconfigured", "--port", String(port)], { env, stdio: "ignore" });
  try {
    while (!(await tryUpgrade(port))) {
      if (performance.now() - started > READY_TIMEOUT_MS) throw new Error("gateway did not accept a WebSocket in time");
      if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, READY_POLL_MS));
    }
    const ms = performance.now() - started;
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
    return { ms, mb: hwm ? Number(hwm[1]) / 1024 : Number.NaN };
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
}

async function series(fn) {
  const ms = [];
  const mb = [];
  fn === measureGateway ? await fn() : fn(); // warm the file cache once
  for (let i = 0; i < RUNS; i++) {
    const r = await fn();
    ms.push(r.ms);
    mb.push(r.mb);
  }
  return { ms, mb };
}

try {
  const floor = await series(() => measureCommand(["-e", "0"]));
  const rows = [
    ["node -e 0 (floor)", floor, undefined],
    ["clawd --version", await series(() => measureCommand([CLI, "--version"])), "≤ 1.5× floor"],
    ["clawd --help", await series(() => measureCommand([CLI, "--help"])), "-"],
    ["clawd gateway → first WS accepted", await series(measureGateway), "≤ 150 ms, ≤ 60 MB"],
  ];
  const floorMs = median(floor.ms);
  console.log(`runs: ${RUNS} each; node ${process.version}; RSS via ${TIME ? "/usr/bin/time -f %M" : "n/a"} (gateway: /proc VmHWM)\n`);
  console.log("| command | median ms (min–max) | × floor | median peak RSS MB (min–max) | target |");
  console.log("|---|---|---|---|---|");
  for (const [name, r, target] of rows) {
    const ms = median(r.ms);
    console.log(
      `| ${name} | ${ms.toFixed(1)} (${range(r.ms)}) | ${(ms / floorMs).toFixed(2)} | ${median(r.mb).toFixed(1)} (${range(r.mb)}) | ${target ?? "-"} |`,
    );
  }
} finally {
  rmSync(sandbox, { recursive: true, force: true });
}
