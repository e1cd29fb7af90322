// Fake command-line tools for tests (launchctl, schtasks, loginctl, tailscale …).
//
// `createFakeBin(name, behaviour)` writes an executable node script `<dir>/<name>` into a
// fresh temp directory. Each run appends its argv as one JSON line to a log and answers from
// the behaviour: the first rule whose argv pattern (and state condition) matches decides
// stdout, stderr and the exit code. Rules can update a small JSON state file, so a fake can
// be stateful across runs ("bootstrap right after bootout fails once with 5: Input/output
// error", "print says not loaded after bootout"). Put `dir` first on PATH (see `env()`).
//
// POSIX only (the script starts with a `#!` line naming the current node binary).
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** What one run prints and how it exits. */
export interface FakeResponse {
  /** Printed as is, except that `{argN}` is replaced by the N-th argument (from 0). */
  stdout?: string;
  stderr?: string;
  /** Exit code; 0 when omitted. */
  code?: number;
}

/** One answer, chosen when its argv pattern and state condition match. */
export interface FakeRule extends FakeResponse {
  /**
   * One pattern element per argument: a string matches that argument exactly, `"*"` matches
   * any single argument, and a final `"**"` matches all remaining arguments (even none).
   */
  argv: string[];
  /** Matches only when each key of the state has this value (`null`: the key is unset). */
  when?: Record<string, string | null>;
  /** State changes applied after this rule answered (`null` deletes the key). */
  set?: Record<string, string | null>;
  /** Answer at most this many times, then skip the rule (counted in the state file). */
  times?: number;
  /** Matches only when the pid stored under each state key is alive (`true`) or not (`false`). */
  whenAlive?: Record<string, boolean>;
  /** Matches only when the pid given as the argument at `index` is alive (`true`) or not. */
  whenArgAlive?: { index: number; alive: boolean };
  /**
   * After answering, starts `argv` detached in its own process group (a real process, e.g. a
   * listening node that outlives the tool, as a task's node.exe outlives `schtasks /End`);
   * its pid is stored under `pidKey`.
   */
  spawn?: { argv: string[]; pidKey: string };
  /** SIGKILLs the process group (or process) whose pid is the argument at this index (taskkill /T). */
  killArg?: number;
  /** SIGKILLs the process group (or process) whose pid is stored under this state key. */
  killKey?: string;
}

/** How a fake tool behaves: ordered rules, a fallback, and the initial state. */
export interface FakeBehaviour {
  rules: FakeRule[];
  /** The answer when no rule matches; default: exit 64 with `unexpected arguments` on stderr. */
  fallback?: FakeResponse;
  /** Initial state (string values), visible to `when` conditions. */
  state?: Record<string, string>;
  /** Compare arguments case-insensitively (Windows tools such as schtasks do). */
  ignoreCase?: boolean;
}

/** A fake executable in its own temp directory. */
export interface FakeBin {
  /** The directory holding the executable; put it first on PATH. */
  readonly dir: string;
  readonly name: string;
  /** Absolute path of the executable. */
  readonly path: string;
  /** argv of every run so far, in order (without the program name). */
  calls(): string[][];
  /** Forgets the recorded calls. */
  clearCalls(): void;
  /** Replaces the rules; the state is reset only when `behaviour.state` is given. */
  setBehaviour(behaviour: FakeBehaviour): void;
  /** The current state. */
  state(): Record<string, string>;
  /** `base` (default process.env) with `dir` prepended to PATH. */
  env(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** Removes the directory (only when this helper created it). */
  cleanup(): void;
}

/** Options for `createFakeBin`. */
export interface FakeBinOptions {
  /** Put the executable into an existing directory (e.g. a second fake next to the first). */
  dir?: string;
}

// The script that runs as the fake tool. Plain CommonJS, no dependencies, so it starts fast
// and behaves the same under any test runner.
const FAKE_SCRIPT = `
const fs = require("node:fs");
const [behaviourFile, stateFile, logFile] = JSON.parse(process.argv[2]);
const args = process.argv.slice(3);
fs.appendFileSync(logFile, JSON.stringify(args) + "\\n");
const behaviour = JSON.parse(fs.readFileSync(behaviourFile, "utf8"));
let state = {};
try { state = JSON.parse(fs.readFileSync(stateFile, "utf8")); } catch {}
const same = (a, b) => behaviour.ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b;
const argvMatches = (pattern) => {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === "**" && i === pattern.length - 1) return true;
    if (i >= args.length) return false;
    if (pattern[i] !== "*" && !same(pattern[i], args[i])) return false;
  }
  return pattern.length === args.length;
};
const stateMatches = (when) =>
  Object.entries(when || {}).every(([k, v]) => (v === null ? !(k in state) : state[k] === v));
const pidAlive = (pid) => {
  if (!(Number(pid) > 0)) return false;
  try { process.kill(Number(pid), 0); } catch (e) { return e.code === "EPERM"; }
  try { return !/^\\d+ \\(.*\\) Z/s.test(fs.readFileSync("/proc/" + Number(pid) + "/stat", "utf8")); } catch { return true; }
};
const aliveMatches = (rule) =>
  Object.entries(rule.whenAlive || {}).every(([k, v]) => pidAlive(state[k]) === v) &&
  (!rule.whenArgAlive || pidAlive(args[rule.whenArgAlive.index]) === rule.whenArgAlive.alive);
const killTree = (pid) => {
  if (!(Number(pid) > 0)) return;
  try { process.kill(-Number(pid), "SIGKILL"); } catch { try { process.kill(Number(pid), "SIGKILL"); } catch {} }
};
let answer = behaviour.fallback || { stderr: "fake " + JSON.stringify(args) + ": unexpected arguments\\n", code: 64 };
for (let i = 0; i < behaviour.rules.length; i++) {
  const rule = behaviour.rules[i];
  const usedKey = "__used_" + i;
  const used = Number(state[usedKey] || 0);
  if (rule.times !== undefined && used >= rule.times) continue;
  if (!argvMatches(rule.argv) || !stateMatches(rule.when) || !aliveMatches(rule)) continue;
  answer = rule;
  if (rule.killArg !== undefined) killTree(args[rule.killArg]);
  if (rule.killKey !== undefined) killTree(state[rule.killKey]);
  if (rule.spawn) {
    const child = require("node:child_process").spawn(rule.spawn.argv[0], rule.spawn.argv.slice(1), { detached: true, stdio: "ignore" });
    child.unref();
    state[rule.spawn.pidKey] = String(child.pid);
  }
  if (rule.times !== undefined) state[usedKey] = String(used + 1);
  for (const [k, v] of Object.entries(rule.set || {})) {
    if (v === null) delete state[k];
    else state[k] = v;
  }
  fs.writeFileSync(stateFile, JSON.stringify(state));
  break;
}
const fill = (text) => text.replace(/\\{arg(\\d+)\\}/g, (_, i) => args[Number(i)] ?? "");
if (answer.stdout) fs.writeSync(1, fill(answer.stdout));
if (answer.stderr) fs.writeSync(2, fill(answer.stderr));
process.exitCode = answer.code || 0;
`;

/** Writes an executable fake `name` that records its argv and answers from `behaviour`. */
export function createFakeBin(name: string, behaviour: FakeBehaviour, options: FakeBinOptions = {}): FakeBin {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`fake binary name must be a plain file name: ${name}`);
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), "clawd-fake-bin-"));
  const exe = path.join(dir, name);
  const files = {
    behaviour: path.join(dir, `.${name}.behaviour.json`),
    state: path.join(dir, `.${name}.state.json`),
    log: path.join(dir, `.${name}.calls.jsonl`),
    script: path.join(dir, `.${name}.fake.cjs`),
  };
  writeFileSync(files.script, FAKE_SCRIPT);
  // A shell wrapper keeps argv[0] tidy and passes the data file paths out of band.
  const dataArg = JSON.stringify([files.behaviour, files.state, files.log]);
  writeFileSync(exe, `#!/bin/sh\nexec ${shQuote(process.execPath)} ${shQuote(files.script)} ${shQuote(dataArg)} "$@"\n`);
  chmodSync(exe, 0o755);
  writeFileSync(files.log, "");

  const setBehaviour = (next: FakeBehaviour, resetState: boolean) => {
    writeFileSync(files.behaviour, JSON.stringify(next));
    if (resetState || !existsSync(files.state)) writeFileSync(files.state, JSON.stringify(next.state ?? {}));
  };
  setBehaviour(behaviour, true);

  return {
    dir,
    name,
    path: exe,
    calls: () =>
      readFileSync(files.log, "utf8")
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as string[]),
    clearCalls: () => writeFileSync(files.log, ""),
    setBehaviour: (next) => setBehaviour(next, next.state !== undefined),
    state: () => {
      const all = JSON.parse(readFileSync(files.state, "utf8")) as Record<string, string>;
      return Object.fromEntries(Object.entries(all).filter(([k]) => !k.startsWith("__used_")));
    },
    env: (base = process.env) => ({ ...base, PATH: [dir, base.PATH ?? ""].filter(Boolean).join(path.delimiter) }),
    cleanup: () => {
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
      else for (const file of [exe, ...Object.values(files)]) rmSync(file, { force: true });
    },
  };
}

function shQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
