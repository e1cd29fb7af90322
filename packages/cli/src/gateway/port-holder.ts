// Who holds the gateway's port — this profile's installed service, a foreground gateway, or
// something else — and the refusal whose hint fits that holder (`gateway stop` only stops
// the service; a foreground gateway is stopped in its terminal, by PID, or with --force).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import type { DaemonService } from "@clawd/daemon";
import { CliError } from "../cli-error.js";
import { commandHint } from "../command-hint.js";
import type { ProfilePaths } from "../config/paths.js";
import { openGatewayService } from "../service/service-loader.js";
import { SERVICE_KIND_ENV } from "../service/service-names.js";
import { type PortInspector, inspectPortOwner } from "./single-instance.js";

/** The holder of a port, as far as we can tell. */
export type PortHolder =
  | { kind: "free" }
  | { kind: "service"; pid: number | undefined; service: DaemonService }
  | { kind: "foreground"; pid: number | undefined; terminal?: string | undefined }
  /** Another profile's installed service (Linux: read from /proc); --force must not kill it (its manager restarts it). */
  | { kind: "other-profile-service"; pid: number; profile: string | undefined; serviceKind: string }
  | { kind: "other" };

/** Finds the running service of this profile, or undefined (no service support, not installed, not running). */
async function runningService(paths: ProfilePaths, env: NodeJS.ProcessEnv): Promise<{ service: DaemonService; pid: number | undefined } | undefined> {
  try {
    const { service } = await openGatewayService(paths, env);
    const status = await service.status();
    return status.installed && status.state === "running" ? { service, pid: status.pid } : undefined;
  } catch {
    return undefined;
  }
}

/** Names the holder of `port`: our gateway is the service when its PID is the service's main PID. */
export async function identifyPortHolder(
  port: number,
  hosts: readonly string[],
  ports: PortInspector,
  paths: ProfilePaths,
  env: NodeJS.ProcessEnv,
): Promise<PortHolder> {
  const owner = await inspectPortOwner(port, hosts, ports);
  if (owner.kind !== "ours") return owner;
  const svc = await runningService(paths, env);
  if (svc && (owner.pid === undefined || svc.pid === owner.pid)) return { kind: "service", pid: owner.pid ?? svc.pid, service: svc.service };
  if (owner.pid !== undefined) {
    const other = serviceOfProcess(owner.pid);
    if (other && other.profile !== paths.profile) return { kind: "other-profile-service", pid: owner.pid, profile: other.profile, serviceKind: other.kind };
  }
  return { kind: "foreground", pid: owner.pid, terminal: owner.pid === undefined ? undefined : await terminalOf(owner.pid) };
}

/**
 * Whether `pid` runs under a service manager as our gateway (its environment carries
 * SERVICE_KIND_ENV), and for which profile (`--profile <name>` on its command line).
 * Linux only (/proc); elsewhere, or when unreadable, undefined.
 */
export function serviceOfProcess(pid: number, proc = "/proc"): { kind: string; profile: string | undefined } | undefined {
  let environ: string[];
  let argv: string[];
  try {
    environ = readFileSync(`${proc}/${pid}/environ`, "utf8").split("\0");
    argv = readFileSync(`${proc}/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return undefined;
  }
  const kind = environ.find((e) => e.startsWith(`${SERVICE_KIND_ENV}=`))?.slice(SERVICE_KIND_ENV.length + 1);
  if (!kind) return undefined;
  const at = argv.indexOf("--profile");
  return { kind, profile: at >= 0 ? argv[at + 1] : undefined };
}

/** "profile \"side\"", or "the default profile". */
function profileName(profile: string | undefined): string {
  return profile === undefined ? "the default profile" : `profile "${profile}"`;
}

/** --force against another profile's service: refused (SIGKILL would only start its manager's restart loop). */
export function otherProfileServiceError(holder: Extract<PortHolder, { kind: "other-profile-service" }>, port: number, otherPort: string): CliError {
  return new CliError([
    `--force does not stop another profile's service: port ${port} is held by the installed ${holder.serviceKind} service of ${profileName(holder.profile)} (PID ${holder.pid}); its service manager would restart it.`,
    `Stop it with: ${commandHint(holder.profile, "gateway stop")}, then run this command again. Or use another port: ${otherPort}`,
  ]);
}

/** How long `ps` may take to name a process's terminal. */
const TERMINAL_LOOKUP_TIMEOUT_MS = 2000;

/** The controlling terminal of `pid` as `ps` names it (`pts/3`, `ttys001`), "" when it has none, undefined when unknown (Windows, no ps). */
export function terminalOf(pid: number): Promise<string | undefined> {
  if (process.platform === "win32") return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile("ps", ["-o", "tty=", "-p", String(pid)], { timeout: TERMINAL_LOOKUP_TIMEOUT_MS }, (error, stdout) => {
      const tty = String(stdout ?? "").trim();
      if (error || tty === "") resolve(undefined);
      else resolve(tty === "?" || tty === "??" ? "" : tty);
    });
  });
}

/** Where a foreground gateway can be stopped: its terminal when it has one. */
function foregroundStopHint(pid: number | string, terminal: string | undefined): string {
  if (terminal === "") return `It runs without a terminal; stop it with: kill ${pid}`;
  if (terminal) return `Stop it in its terminal (${terminal}) with Ctrl+C, or with: kill ${pid}`;
  return `Stop it in its terminal (Ctrl+C) or with: kill ${pid}`;
}

/** What decides a rerun's port and profile (never a secret: those stay out of hints). */
export interface RerunFlags {
  dev: boolean;
  reset: boolean;
  port?: number | undefined;
  allowUnconfigured: boolean;
}

/** This run's `clawd gateway …` with `--port <port>` and/or `--force`, keeping what decides its profile and mode. */
function rerunHint(profile: string | undefined, flags: RerunFlags, change: "force" | "other-port"): string {
  const words = ["gateway"];
  if (flags.dev) words.push(flags.reset ? "--dev --reset" : "--dev");
  if (change === "other-port") words.push("--port <port>");
  else if (flags.port !== undefined) words.push(`--port ${flags.port}`);
  if (flags.allowUnconfigured) words.push("--allow-unconfigured");
  if (change === "force") words.push("--force");
  // --dev picks the dev profile by itself.
  return commandHint(flags.dev ? undefined : profile, words.join(" "));
}

/** `clawd gateway … --force` as this run was typed, so the hint replaces the gateway on this port, not 18789's. */
export function forceRerunHint(profile: string | undefined, flags: RerunFlags): string {
  return rerunHint(profile, flags, "force");
}

/** `clawd gateway … --port <port>` as this run was typed (a `--dev` run stays one). */
export function otherPortHint(profile: string | undefined, flags: RerunFlags): string {
  return rerunHint(profile, flags, "other-port");
}

/** The commands a refusal suggests: replace the holder (--force), or run on another port. */
export interface RerunHints {
  force: string;
  otherPort: string;
}

/** The refusal for a port our own gateway holds, with the hint that fits its holder; `rerun` words the commands to run instead. */
export function gatewayRunningError(
  holder: Extract<PortHolder, { kind: "service" | "foreground" | "other-profile-service" }>,
  port: number,
  profile: string | undefined,
  rerun: RerunHints = { force: commandHint(profile, "gateway --force"), otherPort: commandHint(profile, "gateway --port <port>") },
): CliError {
  const pid = holder.pid ?? "unknown";
  if (holder.kind === "other-profile-service") {
    return new CliError([
      `Gateway already running as the installed ${holder.serviceKind} service of ${profileName(holder.profile)} (PID ${pid}) on port ${port}. Stop it with: ${commandHint(holder.profile, "gateway stop")}`,
      `Or use another port: ${rerun.otherPort}`,
    ]);
  }
  if (holder.kind === "service") {
    return new CliError([
      `Gateway already running as the installed ${holder.service.label} service (PID ${pid}) on port ${port}. Stop it with: ${commandHint(profile, "gateway stop")}`,
      `Or stop it and run here in one step: ${rerun.force} (stops the service; start it again with ${commandHint(profile, "gateway start")})`,
      `Or use another port: ${rerun.otherPort}`,
    ]);
  }
  return new CliError([
    `Gateway already running locally in the foreground (PID ${pid}) on port ${port}. ${foregroundStopHint(pid, holder.terminal)}`,
    `Or replace it: ${rerun.force}`,
    `Or use another port: ${rerun.otherPort}`,
  ]);
}
