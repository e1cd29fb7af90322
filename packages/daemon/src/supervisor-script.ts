// The supervisor a service runs in front of the gateway. Task Scheduler has nothing like
// launchd's KeepAlive or systemd's Restart=always for a process that crashes after it started,
// and no service manager rotates the files it appends stdout/stderr to. The supervisor runs
// the gateway (hidden on Windows), writes its output through size-capped rotating logs,
// restarts it after a crash with a growing pause, brakes a crash loop, keeps one instance per
// pid file, and does not start the gateway while the stop marker exists (Windows' `stop`
// writes it, `start` removes it, so a stop survives logons).
import { DEFAULT_RESTART_LIMITS, type RestartLimits, decideRestart } from "./restart-policy.js";
import { LOG_KEEP_FILES, LOG_MAX_BYTES, capAppendedFile, createRotatingLog, rotateInPlace, shiftRotatedCopies } from "./rotating-log.js";

/** Text in the supervisor's first comment that marks it as ours; uninstall removes only marked files. */
export const SUPERVISOR_MARKER = "clawd-service: written by @clawd/daemon (gateway supervisor)";

/** File name of the supervisor script in the state directory. */
export const SUPERVISOR_SCRIPT_NAME = "gateway-supervisor.cjs";
/** File name of the stop marker in the state directory. */
export const STOP_MARKER_NAME = "gateway.stopped";
/** File name of the supervisor's pid file (one supervisor per state directory). */
export const SUPERVISOR_PID_NAME = "gateway-supervisor.pid";
/** How often the supervisor looks for the stop marker while it waits to restart the gateway. */
export const STOP_MARKER_POLL_MS = 1000;
/** Exit code of the supervisor when the crash-loop brake stops it (EX_SOFTWARE). */
export const SUPERVISOR_BRAKE_EXIT_CODE = 70;

/** Options for `renderSupervisorScript`. */
export interface SupervisorScriptOptions {
  /** Absolute path of the stop marker. */
  stopMarkerPath: string;
  /**
   * Absolute path of the pid file: a second supervisor (a second `/Run`; the hidden launcher
   * returns at once, so Task Scheduler's IgnoreNew cannot catch it) exits while one runs.
   */
  pidFilePath: string;
  limits?: Partial<RestartLimits>;
  /** Size cap of each log file; default LOG_MAX_BYTES. */
  logMaxBytes?: number;
  /** Rotated log files kept; default LOG_KEEP_FILES. */
  logKeepFiles?: number;
  /** Default STOP_MARKER_POLL_MS. */
  stopMarkerPollMs?: number;
  /**
   * Files the service manager appends the supervisor's own stdout/stderr to (launchd's
   * StandardOutPath): capped like the gateway's logs at each start, since the manager
   * restarts a supervisor that dies before its own logs are open, and appends each time.
   */
  inheritedLogPaths?: string[];
}

/** Renders the CommonJS supervisor: `node <script> [--stdout <log>] [--stderr <log>] -- <program> [args…]`. */
export function renderSupervisorScript(options: SupervisorScriptOptions): string {
  const config = {
    stopMarkerPath: options.stopMarkerPath,
    pidFilePath: options.pidFilePath,
    limits: { ...DEFAULT_RESTART_LIMITS, ...options.limits },
    brakeExitCode: SUPERVISOR_BRAKE_EXIT_CODE,
    logMaxBytes: options.logMaxBytes ?? LOG_MAX_BYTES,
    logKeepFiles: options.logKeepFiles ?? LOG_KEEP_FILES,
    stopMarkerPollMs: options.stopMarkerPollMs ?? STOP_MARKER_POLL_MS,
    inheritedLogPaths: options.inheritedLogPaths ?? [],
  };
  return `"use strict";
// ${SUPERVISOR_MARKER}; edits are lost on reinstall
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const CONFIG = ${JSON.stringify(config)};
${decideRestart.toString()}
${shiftRotatedCopies.toString()}
${createRotatingLog.toString()}
${rotateInPlace.toString()}
${capAppendedFile.toString()}
for (const fd of [1, 2]) {
  for (const file of CONFIG.inheritedLogPaths) {
    const cap = capAppendedFile(fd, file, fs, CONFIG.logMaxBytes, CONFIG.logKeepFiles);
    if (cap) {
      cap.check(0);
      break;
    }
  }
}
const argv = process.argv.slice(2);
const end = argv.indexOf("--");
const options = end >= 0 ? argv.slice(0, end) : [];
const [program, ...args] = end >= 0 ? argv.slice(end + 1) : argv;
const option = (name) => (options.indexOf(name) >= 0 ? options[options.indexOf(name) + 1] : undefined);
const openLog = (file) => (file ? createRotatingLog(file, fs, CONFIG.logMaxBytes, CONFIG.logKeepFiles) : undefined);
const out = openLog(option("--stdout"));
const err = option("--stderr") === option("--stdout") ? out : openLog(option("--stderr"));
const log = (message) => {
  const line = new Date().toISOString() + " clawd-supervisor: " + message + "\\n";
  if (err) err.write(line);
  else process.stderr.write(line);
};
const stopped = () => fs.existsSync(CONFIG.stopMarkerPath);
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
};
let other = NaN;
try {
  other = Number(fs.readFileSync(CONFIG.pidFilePath, "utf8").trim());
} catch {}
if (other > 0 && other !== process.pid && alive(other)) {
  log("another supervisor (pid " + other + ") runs the gateway; exiting");
  process.exit(0);
}
fs.writeFileSync(CONFIG.pidFilePath, String(process.pid));
process.on("exit", () => {
  try {
    if (fs.readFileSync(CONFIG.pidFilePath, "utf8").trim() === String(process.pid)) fs.rmSync(CONFIG.pidFilePath, { force: true });
  } catch {}
});
let crashTimes = [];
let delayMs = 0;
let child;
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGBREAK"]) {
  process.on(signal, () => {
    // Pass the signal on and exit once the gateway has (so a restart finds the port free).
    stopping = true;
    if (child) child.kill(signal);
    else process.exit(0);
  });
}
function run() {
  if (stopped()) {
    log("not starting the gateway: it was stopped (" + CONFIG.stopMarkerPath + " exists; clawd gateway start removes it)");
    process.exit(0);
  }
  const started = Date.now();
  child = spawn(program, args, { stdio: ["ignore", out ? "pipe" : "inherit", err ? "pipe" : "inherit"], windowsHide: true });
  if (out) child.stdout.on("data", (chunk) => out.write(chunk));
  if (err) child.stderr.on("data", (chunk) => err.write(chunk));
  child.on("error", (error) => log("cannot start " + program + ": " + error.message));
  child.on("close", (code, signal) => {
    child = undefined;
    if (stopping || stopped()) process.exit(0);
    if (code === 0) {
      log("the gateway exited cleanly");
      process.exit(0);
    }
    const now = Date.now();
    const next = decideRestart(crashTimes, delayMs, now - started, now, CONFIG.limits);
    crashTimes = next.crashTimes;
    if (next.decision.action === "brake") {
      log("the gateway crashed " + next.decision.crashes + " times within " + CONFIG.limits.crashWindowMs + " ms; giving up (crash-loop brake)");
      process.exit(CONFIG.brakeExitCode);
    }
    delayMs = next.decision.delayMs;
    // A stop during the pause must not wait for it to end.
    const watch = setInterval(() => {
      if (stopped()) process.exit(0);
    }, CONFIG.stopMarkerPollMs);
    setTimeout(() => clearInterval(watch), delayMs).unref();
    log("the gateway exited with " + (signal || code) + "; restarting in " + delayMs + " ms");
    setTimeout(run, delayMs);
  });
}
run();
`;
}
