// Where a foreground gateway is listening, for the RPC commands of the same profile: `pnpm
// start` may move the dev gateway off its configured port, and `clawd gateway --port N` is
// known to nobody else. The running gateway writes `<state>/gateway.runtime.json` (pid, port,
// host, startedAt; no secrets), atomically and 0600, on each (re)start and removes it on a
// clean exit. A reader ignores a file whose pid is gone or is not a gateway of this user.
import { readFileSync } from "node:fs";
import { readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "@clawd/daemon";

/** The runtime file's name in the state dir. */
export const RUNTIME_FILE_NAME = "gateway.runtime.json";
/** Mode of the runtime file (it holds no secret, but it is ours alone). */
const RUNTIME_FILE_MODE = 0o600;

/** What a running gateway tells the RPC commands. */
export interface GatewayRuntime {
  pid: number;
  port: number;
  /** The host an RPC command dials (loopback, or the tailnet address for bind=tailnet). */
  host: string;
  /** ISO time the gateway (re)started listening. */
  startedAt: string;
}

export const runtimeFilePath = (stateDir: string) => join(stateDir, RUNTIME_FILE_NAME);

/** The host to dial for a bound host: a wildcard bind is reached on loopback. */
export function dialHost(boundHosts: readonly string[]): string {
  const first = boundHosts[0];
  return first === undefined || first === "0.0.0.0" || first === "::" ? "127.0.0.1" : first;
}

/** Writes (or replaces) this process's runtime file. */
export async function writeGatewayRuntime(stateDir: string, runtime: GatewayRuntime): Promise<void> {
  await writeFileAtomic(runtimeFilePath(stateDir), `${JSON.stringify(runtime, null, 2)}\n`, RUNTIME_FILE_MODE);
}

/** Removes the runtime file if it is this process's (a newer gateway's file is left alone). */
export async function removeGatewayRuntime(stateDir: string, pid = process.pid): Promise<void> {
  const path = runtimeFilePath(stateDir);
  const current = parseRuntime(await readFile(path, "utf8").catch(() => ""));
  if (current?.pid !== pid) return;
  await unlink(path).catch(() => undefined);
}

function parseRuntime(text: string): GatewayRuntime | undefined {
  try {
    const v = JSON.parse(text) as Partial<GatewayRuntime>;
    const validPort = Number.isInteger(v.port) && (v.port as number) >= 1 && (v.port as number) <= 65535;
    if (!Number.isInteger(v.pid) || (v.pid as number) <= 0 || !validPort || typeof v.host !== "string" || !v.host) return undefined;
    return { pid: v.pid as number, port: v.port as number, host: v.host, startedAt: typeof v.startedAt === "string" ? v.startedAt : "" };
  } catch {
    return undefined;
  }
}

/**
 * True when `pid` is alive, signalable by us (EPERM: another user's process, not ours) and,
 * where /proc exists, still a `… gateway …` command line (so a reused pid is not taken for it).
 */
export function isOurGatewayProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return process.platform !== "linux"; // no /proc to check elsewhere: alive and ours is all we know
  }
  return cmdline.split("\0").includes("gateway");
}

/** The live gateway's runtime for this state dir, or `undefined` (no file, unreadable, or stale). Never throws. */
export async function readLiveGatewayRuntime(stateDir: string, isAlive: (pid: number) => boolean = isOurGatewayProcess): Promise<GatewayRuntime | undefined> {
  const runtime = parseRuntime(await readFile(runtimeFilePath(stateDir), "utf8").catch(() => ""));
  return runtime && isAlive(runtime.pid) ? runtime : undefined;
}
