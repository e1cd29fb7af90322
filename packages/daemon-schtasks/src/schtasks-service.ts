// The DaemonService for Windows: a per-user Scheduled Task (ONLOGON, limited rights) that
// runs our `.cmd` script; when Task Scheduler says "Access is denied", a launcher in the
// user's Startup folder takes its place and the install result says so.
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import {
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
  assertNoSecrets,
  assertReplaceable,
  commandOutputText,
  createCommandRunner,
  readTextIfExists,
  removeOwnedFile,
  writeFileAtomic,
} from "@clawd/daemon";
import { isAccessDenied, isNothingToKill, isNotRunning, isTaskMissing } from "./schtasks-output.js";
import { describeTaskResult, parseSchtasksQuery } from "./schtasks-query.js";
import { renderStartupLauncher, startupFolder } from "./startup-launcher.js";
import { hasTaskScriptMarker, parseTaskScript, renderTaskScript } from "./task-script.js";

/** schtasks refuses a /TR value longer than this many characters. */
export const SCHTASKS_TR_MAX_CHARS = 261;
/** Default file name of the task script inside the state directory. */
export const TASK_SCRIPT_NAME = "gateway.cmd";

/** createService options beyond the shared ones. */
export interface SchtasksServiceOptions extends PlatformServiceOptions {
  /** File name of the script in stateDir; default TASK_SCRIPT_NAME. */
  scriptName?: string;
  /** The schtasks command; default `schtasks` from PATH. */
  schtasks?: string;
}

/** Creates the Scheduled Task service with Windows-only options. */
export function createSchtasksService(options: SchtasksServiceOptions): DaemonService {
  return new SchtasksService(options);
}

/** The shared entry point the CLI imports: `createService({ name, home, stateDir })`. */
export const createService: CreateService = createSchtasksService;

class SchtasksService implements DaemonService {
  readonly kind = "schtasks" as const;
  readonly label = "Scheduled Task";
  readonly filePath: string;
  /** The Startup-folder launcher used when Task Scheduler refuses us. */
  readonly launcherPath: string;
  private readonly title: string;
  private readonly run: CommandRunner;

  constructor(private readonly options: SchtasksServiceOptions) {
    if (!/^[\w .()-]+$/.test(options.name) || options.name.trim() !== options.name) {
      throw new ServiceError(`Invalid task name ${JSON.stringify(options.name)}.`, [
        "Use letters, digits, spaces, dots, dashes, underscores and parentheses, e.g. Clawd Gateway (work).",
      ]);
    }
    this.filePath = path.join(options.stateDir, options.scriptName ?? TASK_SCRIPT_NAME);
    this.launcherPath = path.join(startupFolder(options.env ?? process.env, options.home), `${options.name}.cmd`);
    // Always contains a space, so it is quoted on every command line and `start` sees a title.
    this.title = `${options.name} (clawd service)`;
    this.run = options.runner ?? createCommandRunner();
  }

  private async schtasks(args: string[]): Promise<CommandResult> {
    const result = await this.run(this.options.schtasks ?? "schtasks", args);
    if (result.error) {
      throw new ServiceError(`schtasks could not be run: ${commandOutputText(result)}`, [
        "@clawd/daemon-schtasks manages Windows Scheduled Tasks; on macOS use @clawd/daemon-launchd, on Linux @clawd/daemon-systemd.",
      ]);
    }
    return result;
  }

  private async isRegistered(): Promise<boolean> {
    const result = await this.schtasks(["/Query", "/TN", this.options.name]);
    if (result.code === 0) return true;
    if (isTaskMissing(result)) return false;
    throw new ServiceError(`schtasks /Query /TN "${this.options.name}" failed: ${commandOutputText(result)}`);
  }

  private async inFallbackMode(): Promise<boolean> {
    const launcher = await readTextIfExists(this.launcherPath);
    return launcher !== null && hasTaskScriptMarker(launcher);
  }

  async install(spec: ServiceSpec, { force = false } = {}): Promise<InstallResult> {
    const name = this.options.name;
    if (spec.name !== name) throw new ServiceError(`The spec names ${spec.name}, but this service manages ${name}.`);
    const program = spec.programArguments[0] ?? "";
    if (!path.win32.isAbsolute(program) && !path.isAbsolute(program)) {
      throw new ServiceError(`The program must be an absolute path, got ${JSON.stringify(program)}.`, [
        "Pass the absolute node.exe path first (resolveNodePath in @clawd/daemon).",
      ]);
    }
    assertNoSecrets(spec, this.filePath);
    const script = renderTaskScript(spec, { title: this.title });
    const taskRun = `"${this.filePath}"`;
    if (taskRun.length > SCHTASKS_TR_MAX_CHARS) {
      throw new ServiceError(`The task script path is longer than schtasks accepts (${SCHTASKS_TR_MAX_CHARS}): ${this.filePath}`, [
        "Use a shorter state directory (CLAWD_STATE_DIR).",
      ]);
    }
    const existing = await readTextIfExists(this.filePath);
    assertReplaceable(this.filePath, existing, hasTaskScriptMarker, force);
    if (existing === script && !force && ((await this.isRegistered()) || (await this.inFallbackMode()))) {
      return { result: "already-installed", filePath: this.filePath, notes: [] };
    }
    for (const log of [spec.stdoutPath, spec.stderrPath]) if (log) await mkdir(path.dirname(log), { recursive: true });
    await writeFileAtomic(this.filePath, script, 0o644);
    const notes = [`Task script: ${this.filePath}`];
    if (spec.environmentFile) notes.push(`Task Scheduler has no environment file; ${spec.environmentFile} is not read.`);

    const create = await this.schtasks(["/Create", "/F", "/SC", "ONLOGON", "/RL", "LIMITED", "/TN", name, "/TR", taskRun]);
    if (create.code === 0) {
      await this.removeLauncher();
      await this.schtasks(["/End", "/TN", name]); // an old instance may still run the old script
      await this.runTask();
      return { result: "installed", filePath: this.filePath, notes: [`Installed Scheduled Task: ${name}`, ...notes] };
    }
    if (!isAccessDenied(create)) {
      throw new ServiceError(`schtasks /Create failed: ${commandOutputText(create)}`, [
        `Check the task by hand: schtasks /Query /TN "${name}" /V /FO LIST`,
      ]);
    }
    await writeFileAtomic(this.launcherPath, renderStartupLauncher(this.filePath, this.title), 0o644);
    await this.killWindow();
    await this.startWindow();
    return {
      result: "installed",
      filePath: this.filePath,
      notes: [
        "Task Scheduler refused to create the task (Access is denied).",
        `Installed a Startup-folder launcher instead: ${this.launcherPath}`,
        "It starts the gateway when you log on; it was started now. To use Task Scheduler, run the install from an elevated shell.",
        ...notes,
      ],
    };
  }

  private async runTask(): Promise<void> {
    const result = await this.schtasks(["/Run", "/TN", this.options.name]);
    if (result.code !== 0) throw new ServiceError(`schtasks /Run /TN "${this.options.name}" failed: ${commandOutputText(result)}`);
  }

  private async endTask(): Promise<void> {
    const result = await this.schtasks(["/End", "/TN", this.options.name]);
    if (result.code === 0 || isNotRunning(result)) return;
    throw new ServiceError(`schtasks /End /TN "${this.options.name}" failed: ${commandOutputText(result)}`);
  }

  /** Starts the script in its own minimized window, as the Startup launcher does. */
  private async startWindow(): Promise<void> {
    const result = await this.run("cmd.exe", ["/d", "/c", "start", this.title, "/min", this.filePath]);
    if (result.code !== 0) throw new ServiceError(`Starting ${this.filePath} failed: ${commandOutputText(result)}`);
  }

  /** Stops a Startup-folder instance by its window title (cmd may append " - <command>"). */
  private async killWindow(): Promise<void> {
    const result = await this.run("taskkill", ["/F", "/T", "/FI", `WINDOWTITLE eq ${this.title}*`]);
    if (result.code === 0 || isNothingToKill(result)) return;
    throw new ServiceError(`taskkill failed: ${commandOutputText(result)}`);
  }

  private async removeLauncher(): Promise<string | undefined> {
    if (!(await this.inFallbackMode())) return undefined;
    await rm(this.launcherPath, { force: true });
    return this.launcherPath;
  }

  async uninstall(): Promise<UninstallResult> {
    const removed: string[] = [];
    const notes: string[] = [];
    const registered = await this.isRegistered();
    if (registered) {
      await this.schtasks(["/End", "/TN", this.options.name]);
      const del = await this.schtasks(["/Delete", "/F", "/TN", this.options.name]);
      if (del.code !== 0 && !isTaskMissing(del)) throw new ServiceError(`schtasks /Delete failed: ${commandOutputText(del)}`);
      notes.push(`Removed Scheduled Task: ${this.options.name}`);
    }
    if (await this.inFallbackMode()) {
      await this.killWindow();
      removed.push((await this.removeLauncher())!);
      notes.push(`Removed Startup-folder launcher: ${this.launcherPath}`);
    }
    const script = await removeOwnedFile(this.filePath, hasTaskScriptMarker, "task script");
    removed.push(...script.removed);
    notes.push(...script.notes);
    return { result: registered || removed.length > 0 ? "uninstalled" : "not-installed", removed, notes };
  }

  async start(): Promise<void> {
    if (await this.isRegistered()) return this.runTask();
    if (await this.inFallbackMode()) return this.startWindow();
    throw new ServiceError(`Scheduled Task "${this.options.name}" is not installed.`, ["Install it with: clawd gateway install"]);
  }

  async stop(): Promise<void> {
    if (await this.isRegistered()) return this.endTask();
    if (await this.inFallbackMode()) return this.killWindow();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async status(): Promise<ServiceStatus> {
    const installed = (await readTextIfExists(this.filePath)) !== null;
    const result = await this.schtasks(["/Query", "/TN", this.options.name, "/V", "/FO", "LIST"]);
    if (result.code !== 0) {
      if (await this.inFallbackMode()) {
        return {
          installed,
          loaded: true,
          loadedText: "Startup folder",
          state: "unknown",
          detail: `Started at logon by ${this.launcherPath}; Task Scheduler does not track it.`,
        };
      }
      if (isTaskMissing(result)) return { installed, loaded: false, loadedText: "missing", state: "stopped" };
      return { installed, loaded: false, loadedText: "missing", state: "unknown", detail: commandOutputText(result) };
    }
    const info = parseSchtasksQuery(result.stdout, this.options.name);
    const status: ServiceStatus = { installed, loaded: true, loadedText: "registered", state: "unknown" };
    if (info.lastRunResult === undefined) {
      status.detail = "no Last Run Result in schtasks output";
      return status;
    }
    const meaning = describeTaskResult(info.lastRunResult);
    status.state = meaning.state;
    if (meaning.exitStatus !== undefined) status.lastExitStatus = meaning.exitStatus;
    status.lastExitReason = meaning.reason;
    if (info.lastRunTime !== undefined) status.detail = `last run ${info.lastRunTime}`;
    return status;
  }

  async readInstalled(): Promise<ServiceSpec | null> {
    const text = await readTextIfExists(this.filePath);
    if (text === null) return null;
    try {
      const parsed = parseTaskScript(text);
      return parsed && { name: this.options.name, ...parsed };
    } catch (error) {
      throw new ServiceError(`Cannot read ${this.filePath}: ${(error as Error).message}`, [
        "Rewrite it with: clawd gateway install --force",
      ]);
    }
  }
}
