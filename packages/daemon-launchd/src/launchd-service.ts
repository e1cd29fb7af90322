// The DaemonService for macOS: a per-user LaunchAgent driven by launchctl's domain verbs
// (enable, bootstrap, bootout, kickstart, print). Everything launchctl says is interpreted
// in launchctl-output.ts; the plist itself comes from launch-agent.ts.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import {
  defaultCommandHint,
  type CommandResult,
  type CommandRunner,
  type CreateService,
  type DaemonService,
  type InstallResult,
  type PlatformServiceOptions,
  type ServiceSpec,
  type ServiceStatus,
  type UninstallResult,
  ServiceError,
  assertReplaceable,
  commandOutputText,
  createCommandRunner,
  readTextIfExists,
  removeOwnedFile,
  writeFileAtomic,
  STOP_MARKER_NAME,
  SUPERVISOR_MARKER,
  SUPERVISOR_PID_NAME,
  SUPERVISOR_SCRIPT_NAME,
  renderSupervisorScript,
  unwrapSupervisor,
} from "@clawd/daemon";
import { hasLaunchAgentMarker, parseLaunchAgent, renderLaunchAgent } from "./launch-agent.js";
import { isNoGuiSession, isNotLoaded, isRetryableBootstrap, launchctlMissingError, noGuiSessionError } from "./launchctl-output.js";
import { parseLaunchctlPrint } from "./launchctl-print.js";
import { completeAgentSpec, superviseAgentSpec } from "./agent-spec.js";
import { findLegacyLaunchAgents, legacyAgentHint, legacyAgentService } from "./legacy-agents.js";

/** How many times `bootstrap` is tried when it fails with "5: Input/output error". */
export const BOOTSTRAP_ATTEMPTS = 5;
/** Pause between bootstrap attempts (launchd finishes a bootout asynchronously). */
export const BOOTSTRAP_RETRY_DELAY_MS = 500;
/** How long install/stop wait for launchd to finish a bootout (the job may take 5 s to stop). */
export const BOOTOUT_WAIT_MS = 15_000;
/** Pause between two `launchctl print` checks while a bootout finishes. */
export const BOOTOUT_POLL_MS = 250;
/** uid used when the platform has no process.getuid (launchd's first user is 501). */
export const FALLBACK_UID = 501;
/** Mode of the plist: launchd refuses agents that others can write. */
export const PLIST_MODE = 0o644;

/** createService options beyond the shared ones; all optional, for tests and odd setups. */
export interface LaunchdServiceOptions extends PlatformServiceOptions {
  /** The user id of the gui/<uid> domain; default process.getuid(). */
  uid?: number;
  /** Default BOOTSTRAP_ATTEMPTS. */
  bootstrapAttempts?: number;
  /** Default BOOTSTRAP_RETRY_DELAY_MS. */
  bootstrapRetryDelayMs?: number;
  /** Default BOOTOUT_WAIT_MS. */
  bootoutWaitMs?: number;
  /** Default BOOTOUT_POLL_MS. */
  bootoutPollMs?: number;
  /** Waits between retries; tests pass a fake clock. */
  sleep?: (ms: number) => Promise<void>;
  /** The launchctl command; default `launchctl` from PATH. */
  launchctl?: string;
}

/** Creates the LaunchAgent service for `options.name` (the launchd label), with launchd-only options. */
export function createLaunchdService(options: LaunchdServiceOptions): DaemonService {
  return new LaunchdService(options);
}

/** The shared entry point the CLI imports: `createService({ name, home, stateDir })`. */
export const createService: CreateService = createLaunchdService;

class LaunchdService implements DaemonService {
  readonly kind = "launchd" as const;
  readonly label = "LaunchAgent";
  readonly filePath: string;
  private readonly uid: number;
  private readonly domain: string;
  private readonly target: string;
  private readonly run: CommandRunner;
  private readonly supervisorPath: string;

  /** Words a CLI command for a hint, with the caller's profile. */
  private readonly hint: (command: string) => string;

  constructor(private readonly options: LaunchdServiceOptions) {
    this.hint = options.commandHint ?? defaultCommandHint;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(options.name)) {
      throw new ServiceError(`Invalid launchd label ${JSON.stringify(options.name)}.`, [
        "Use reverse-DNS letters, digits, dots, dashes and underscores, e.g. ai.clawd.gateway.",
      ]);
    }
    this.filePath = path.join(options.home, "Library", "LaunchAgents", `${options.name}.plist`);
    this.uid = options.uid ?? process.getuid?.() ?? FALLBACK_UID;
    this.domain = `gui/${this.uid}`;
    this.target = `${this.domain}/${options.name}`;
    this.run = options.runner ?? createCommandRunner();
    this.supervisorPath = path.join(options.stateDir, SUPERVISOR_SCRIPT_NAME);
  }

  private async launchctl(args: string[]): Promise<CommandResult> {
    const result = await this.run(this.options.launchctl ?? "launchctl", args);
    if (result.error) throw launchctlMissingError(result);
    return result;
  }

  private noGui(): ServiceError {
    return noGuiSessionError(this.domain, this.filePath, this.uid, this.hint);
  }

  private async isLoaded(): Promise<boolean> {
    const result = await this.launchctl(["print", this.target]);
    if (result.code === 0) return true;
    if (isNotLoaded(result)) return false;
    if (isNoGuiSession(result)) throw this.noGui();
    throw new ServiceError(`launchctl print ${this.target} failed: ${commandOutputText(result)}`);
  }

  async install(spec: ServiceSpec, { force = false } = {}): Promise<InstallResult> {
    const complete = completeAgentSpec(spec, this.options.name, this.options.stateDir, this.filePath);
    let xml: string;
    const supervised = superviseAgentSpec(complete, this.supervisorPath);
    try {
      xml = renderLaunchAgent(supervised);
    } catch (error) {
      throw new ServiceError(`Cannot write the LaunchAgent: ${(error as Error).message}.`);
    }
    const notes: string[] = [];
    const existing = await readTextIfExists(this.filePath);
    assertReplaceable(this.filePath, existing, hasLaunchAgentMarker, force, this.hint);
    if (existing === xml && !force && (await this.isLoaded())) {
      return { result: "already-installed", filePath: this.filePath, notes };
    }
    for (const logPath of new Set([complete.stdoutPath!, complete.stderrPath!])) {
      await mkdir(path.dirname(logPath), { recursive: true });
    }
    await writeFileAtomic(
      this.supervisorPath,
      renderSupervisorScript({
        stopMarkerPath: path.join(this.options.stateDir, STOP_MARKER_NAME),
        pidFilePath: path.join(this.options.stateDir, SUPERVISOR_PID_NAME),
        // launchd appends the supervisor's own output to gateway.launchd.log at every restart.
        inheritedLogPaths: [...new Set([supervised.stdoutPath!, supervised.stderrPath!])],
      }),
      PLIST_MODE,
    );
    await writeFileAtomic(this.filePath, xml, PLIST_MODE);
    await this.bootout();
    await this.load();
    const kick = await this.launchctl(["kickstart", "-k", this.target]);
    if (kick.code !== 0) throw new ServiceError(`launchctl kickstart -k ${this.target} failed: ${commandOutputText(kick)}`);
    notes.push(`Installed LaunchAgent: ${this.filePath}`, `Logs: ${complete.stdoutPath}`);
    for (const agent of await findLegacyLaunchAgents(this.options.home)) notes.push(legacyAgentHint(agent, this.uid));
    if (complete.stderrPath !== complete.stdoutPath) notes.push(`Errors: ${complete.stderrPath}`);
    if (spec.environmentFile) {
      notes.push(`launchd has no environment file; ${spec.environmentFile} is not read by launchd (the gateway reads its config itself).`);
    }
    return { result: "installed", filePath: this.filePath, notes };
  }

  /** enable (clears a persisted "disabled" flag), then bootstrap with bounded retries. */
  private async load(): Promise<void> {
    const enable = await this.launchctl(["enable", this.target]);
    if (enable.code !== 0) {
      if (isNoGuiSession(enable)) throw this.noGui();
      throw new ServiceError(`launchctl enable ${this.target} failed: ${commandOutputText(enable)}`);
    }
    const attempts = Math.max(1, this.options.bootstrapAttempts ?? BOOTSTRAP_ATTEMPTS);
    const delayMs = this.options.bootstrapRetryDelayMs ?? BOOTSTRAP_RETRY_DELAY_MS;
    let last: CommandResult | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      last = await this.launchctl(["bootstrap", this.domain, this.filePath]);
      if (last.code === 0) return;
      if (isNoGuiSession(last)) throw this.noGui();
      if (!isRetryableBootstrap(last)) break;
      if (attempt < attempts) await this.sleep(delayMs);
    }
    // "5: Input/output error" also means "already bootstrapped": success only when the loaded
    // job is our plist (a job still tearing down, or another plist's, is not).
    if (last && isRetryableBootstrap(last) && (await this.loadedPath()) === this.filePath) return;
    throw new ServiceError(`launchctl bootstrap ${this.domain} ${this.filePath} failed: ${commandOutputText(last!)}`, [
      `Check the plist: plutil -lint ${this.filePath}`,
      `Clear a stale job, then retry: launchctl bootout ${this.target} && ${this.hint("gateway start")}`,
    ]);
  }

  private sleep(ms: number): Promise<void> {
    return (this.options.sleep ?? ((t: number) => new Promise<void>((r) => setTimeout(r, t))))(ms);
  }

  /** The plist path of the loaded job (`path = …` in launchctl print), or undefined when not loaded. */
  private async loadedPath(): Promise<string | undefined> {
    const result = await this.launchctl(["print", this.target]);
    if (result.code !== 0) return undefined;
    return parseLaunchctlPrint(result.stdout).path ?? "";
  }

  /**
   * bootout, then wait until launchctl print no longer shows the job: launchd tears a job down
   * asynchronously, and a bootstrap before it is gone fails or finds the old job.
   */
  private async bootout(): Promise<CommandResult> {
    const result = await this.launchctl(["bootout", this.target]);
    if (result.code !== 0 && isNoGuiSession(result)) throw this.noGui();
    const waitMs = this.options.bootoutWaitMs ?? BOOTOUT_WAIT_MS;
    const pollMs = this.options.bootoutPollMs ?? BOOTOUT_POLL_MS;
    for (let waited = 0; await this.isLoaded(); waited += pollMs) {
      if (waited >= waitMs) {
        throw new ServiceError(`launchd still shows ${this.target} ${waitMs} ms after bootout.`, [
          `Check it with: launchctl print ${this.target}`,
          `Then retry: launchctl bootout ${this.target} && ${this.hint("gateway install")}`,
        ]);
      }
      await this.sleep(pollMs);
    }
    return result;
  }

  async uninstall(): Promise<UninstallResult> {
    const notes: string[] = [];
    const bootout = await this.launchctl(["bootout", this.target]);
    const wasLoaded = bootout.code === 0;
    if (!wasLoaded && !isNotLoaded(bootout)) notes.push(`launchctl bootout ${this.target}: ${commandOutputText(bootout)}`);
    const plist = await removeOwnedFile(this.filePath, hasLaunchAgentMarker, "LaunchAgent");
    const supervisor = await removeOwnedFile(this.supervisorPath, (text) => text.includes(SUPERVISOR_MARKER), "gateway supervisor");
    plist.removed.push(...supervisor.removed);
    plist.notes.push(...supervisor.notes);
    notes.push(...plist.notes);
    return { result: plist.removed.length > 0 || wasLoaded ? "uninstalled" : "not-installed", removed: plist.removed, notes };
  }

  async start(): Promise<void> {
    if (await this.isLoaded()) {
      const kick = await this.launchctl(["kickstart", this.target]);
      if (kick.code !== 0) throw new ServiceError(`launchctl kickstart ${this.target} failed: ${commandOutputText(kick)}`);
      return;
    }
    // Not loaded, e.g. after our own stop (bootout): load the plist again.
    if ((await readTextIfExists(this.filePath)) === null) {
      throw new ServiceError(`LaunchAgent not installed: ${this.filePath} does not exist.`, [`Install it with: ${this.hint("gateway install")}`]);
    }
    await this.load();
    const kick = await this.launchctl(["kickstart", this.target]);
    if (kick.code !== 0) throw new ServiceError(`launchctl kickstart ${this.target} failed: ${commandOutputText(kick)}`);
  }

  /** disable (so the next login does not load it again; start enables), then bootout and wait. */
  async stop(): Promise<void> {
    const disable = await this.launchctl(["disable", this.target]);
    if (disable.code !== 0 && isNoGuiSession(disable)) throw this.noGui();
    const result = await this.bootout();
    if (result.code === 0 || isNotLoaded(result)) return;
    throw new ServiceError(`launchctl bootout ${this.target} failed: ${commandOutputText(result)}`);
  }

  async restart(): Promise<void> {
    if (!(await this.isLoaded())) return this.start();
    const kick = await this.launchctl(["kickstart", "-k", this.target]);
    if (kick.code !== 0) throw new ServiceError(`launchctl kickstart -k ${this.target} failed: ${commandOutputText(kick)}`);
  }

  async status(): Promise<ServiceStatus> {
    const status = await this.managerStatus();
    const legacy = (await findLegacyLaunchAgents(this.options.home)).map((agent) => legacyAgentService(agent, this.uid));
    return legacy.length > 0 ? { ...status, legacy } : status;
  }

  private async managerStatus(): Promise<ServiceStatus> {
    const installed = (await readTextIfExists(this.filePath)) !== null;
    const result = await this.launchctl(["print", this.target]);
    if (result.code === 0) {
      const info = parseLaunchctlPrint(result.stdout);
      const status: ServiceStatus = { installed, loaded: true, loadedText: "loaded", state: info.runtime };
      if (info.pid !== undefined) status.pid = info.pid;
      if (info.lastExitStatus !== undefined) status.lastExitStatus = info.lastExitStatus;
      if (info.lastExitReason !== undefined) status.lastExitReason = info.lastExitReason;
      if (!installed) {
        status.detail = `LaunchAgent label cached but plist missing. Clear with: launchctl bootout ${this.target}`;
      } else if (info.state !== undefined && info.state !== info.runtime) {
        status.detail = `launchd state: ${info.state}`;
      }
      return status;
    }
    const status: ServiceStatus = { installed, loaded: false, loadedText: "not loaded", state: "unknown" };
    if (isNotLoaded(result)) {
      status.state = "stopped";
      if (installed) status.detail = `not loaded (after a stop, or never started); start with: ${this.hint("gateway start")}`;
    } else if (isNoGuiSession(result)) {
      status.detail = this.noGui().message;
    } else {
      status.detail = `launchctl print ${this.target}: ${commandOutputText(result)}`;
    }
    return status;
  }

  async readInstalled(): Promise<ServiceSpec | null> {
    const xml = await readTextIfExists(this.filePath);
    if (xml === null) return null;
    try {
      return unwrapSupervisor(parseLaunchAgent(xml), this.supervisorPath);
    } catch (error) {
      throw new ServiceError(`Cannot read ${this.filePath}: ${(error as Error).message}`, [`Rewrite it with: ${this.hint("gateway install --force")}`]);
    }
  }
}
