// The DaemonService for Windows: a per-user Scheduled Task (ONLOGON, limited rights) that
// runs our `.cmd` script; when Task Scheduler says "Access is denied", a launcher in the
// user's Startup folder takes its place and the install result says so.
import { mkdir, rm } from "node:fs/promises";
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
  writeFileAtomic,
  STOP_MARKER_NAME,
  SUPERVISOR_PID_NAME,
  SUPERVISOR_SCRIPT_NAME,
  renderSupervisorScript,
  wrapWithSupervisor,
} from "@clawd/daemon";
import { findListeners } from "@clawd/ports";
import { hasTask, parseTaskListCsv } from "./schtasks-csv.js";
import { assertInstallableSpec, fitSpecPath } from "./installable-spec.js";
import { findLegacyTasks, legacyTaskHint, legacyTaskService } from "./legacy-tasks.js";
import { killWindow, startHidden } from "./startup-window.js";
import { fallbackStatus, taskStatusFromQuery } from "./task-status.js";
import { renderStartupLauncher, startupFolder } from "./startup-launcher.js";
import { hasTaskScriptMarker, renderTaskScript } from "./task-script.js";
import { readTaskSpec } from "./task-spec-read.js";
import {
  type ProcessControl,
  GATEWAY_START_TIMEOUT_MS,
  GATEWAY_STOP_TIMEOUT_MS,
  TASK_END_TIMEOUT_MS,
  endServiceListeners,
  gatewayPort,
  pollFor,
  runningGatewayPid,
  serviceListeners,
  waitForNewListener,
  waitForSupervisorExit,
} from "./task-process.js";
import { isTaskRunning, parseSchtasksQuery } from "./schtasks-query.js";
import { HIDDEN_LAUNCHER_NAME, HIDDEN_LAUNCHER_TASK_COMMAND, hiddenLauncherArguments, renderHiddenLauncher } from "./hidden-launcher.js";
import { removeOwnedArtifacts } from "./owned-artifacts.js";
import { encodeUtf16Bom } from "./utf16-file.js";
import { currentTaskUser, encodeTaskXml, renderTaskXml } from "./task-xml.js";

/** Default file name of the task script inside the state directory. */
export const TASK_SCRIPT_NAME = "gateway.cmd";

/** createService options beyond the shared ones. */
export interface SchtasksServiceOptions extends PlatformServiceOptions {
  /** File name of the script in stateDir; default TASK_SCRIPT_NAME. */
  scriptName?: string;
  /** The schtasks command; default `schtasks` from PATH. */
  schtasks?: string;
  /** Finds and ends the gateway's processes; default @clawd/ports and `taskkill /F /T /PID`. */
  processes?: ProcessControl;
  /** How long stop waits for the gateway to leave its port; default GATEWAY_STOP_TIMEOUT_MS. */
  stopTimeoutMs?: number;
  /** How long restart waits for a new gateway pid on the port; default GATEWAY_START_TIMEOUT_MS. */
  startTimeoutMs?: number;
  /** How long stop and install wait for the task to stop reporting Running after /End; default TASK_END_TIMEOUT_MS. */
  taskEndTimeoutMs?: number;
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
  private readonly processes: ProcessControl;
  private readonly supervisorPath: string;
  private readonly stopMarkerPath: string;
  private readonly xmlPath: string;
  private readonly hiddenLauncherPath: string;

  /** Words a CLI command for a hint, with the caller's profile. */
  private readonly hint: (command: string) => string;

  constructor(private readonly options: SchtasksServiceOptions) {
    this.hint = options.commandHint ?? defaultCommandHint;
    if (!/^[\w .()-]+$/.test(options.name) || options.name.trim() !== options.name) {
      throw new ServiceError(`Invalid task name ${JSON.stringify(options.name)}.`, [
        "Use letters, digits, spaces, dots, dashes, underscores and parentheses, e.g. Clawd Gateway (work).",
      ]);
    }
    this.filePath = path.join(options.stateDir, options.scriptName ?? TASK_SCRIPT_NAME);
    this.supervisorPath = path.join(options.stateDir, SUPERVISOR_SCRIPT_NAME);
    this.stopMarkerPath = path.join(options.stateDir, STOP_MARKER_NAME);
    this.hiddenLauncherPath = path.join(options.stateDir, HIDDEN_LAUNCHER_NAME);
    this.xmlPath = this.filePath.replace(/(\.cmd)?$/i, ".task.xml"); // for /Create /XML, removed right after
    this.launcherPath = path.join(startupFolder(options.env ?? process.env, options.home), `${options.name}.cmd`);
    // Always contains a space, so it is quoted on every command line and `start` sees a title.
    this.title = `${options.name} (clawd service)`;
    this.run = options.runner ?? createCommandRunner();
    this.processes = options.processes ?? {
      findListeners: (port) => findListeners(port),
      killTree: (pid) => this.run("taskkill", ["/F", "/T", "/PID", String(pid)]),
    };
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

  /** Whether our task exists; decided by exit codes and the task list, never by message text. */
  private async isRegistered(): Promise<boolean> {
    const result = await this.schtasks(["/Query", "/TN", this.options.name]);
    if (result.code === 0) return true;
    // Missing, or something else went wrong: the CSV task list tells which, in any language.
    const list = await this.schtasks(["/Query", "/FO", "CSV", "/NH"]);
    if (list.code === 0) return hasTask(parseTaskListCsv(list.stdout), this.options.name);
    throw new ServiceError(`schtasks /Query /TN "${this.options.name}" failed: ${commandOutputText(result)}`);
  }

  private async inFallbackMode(): Promise<boolean> {
    const launcher = await readTextIfExists(this.launcherPath);
    return launcher !== null && hasTaskScriptMarker(launcher);
  }

  async install(input: ServiceSpec, { force = false } = {}): Promise<InstallResult> {
    const name = this.options.name;
    assertInstallableSpec(input, name, this.filePath);
    const { spec, notes: pathNotes } = fitSpecPath(input);
    const script = renderTaskScript(wrapWithSupervisor(spec, this.supervisorPath), { title: this.title });
    const existing = await readTextIfExists(this.filePath);
    assertReplaceable(this.filePath, existing, hasTaskScriptMarker, force, this.hint);
    if (existing === script && !force && ((await this.isRegistered()) || (await this.inFallbackMode()))) {
      // A reinstall after `stop` must leave the gateway running, as a fresh install does.
      if (!(await this.stoppedByUs())) return { result: "already-installed", filePath: this.filePath, notes: [] };
      await this.start();
      return { result: "already-installed", filePath: this.filePath, notes: [`The gateway was stopped (${this.hint("gateway stop")}); started it again.`] };
    }
    const previous = await this.readInstalled().catch(() => null);
    for (const log of [spec.stdoutPath, spec.stderrPath]) if (log) await mkdir(path.dirname(log), { recursive: true });
    await writeFileAtomic(
      this.supervisorPath,
      renderSupervisorScript({ stopMarkerPath: this.stopMarkerPath, pidFilePath: path.join(this.options.stateDir, SUPERVISOR_PID_NAME) }),
      0o644,
    );
    await writeFileAtomic(this.filePath, script, 0o644);
    const notes = [`Task script: ${this.filePath}`, ...pathNotes];
    if (spec.environmentFile) notes.push(`Task Scheduler has no environment file; ${spec.environmentFile} is not read.`);

    await writeFileAtomic(this.hiddenLauncherPath, encodeUtf16Bom(renderHiddenLauncher(this.filePath)), 0o644);
    const xml = renderTaskXml({
      description: spec.description,
      userId: currentTaskUser(this.options.env ?? process.env),
      command: HIDDEN_LAUNCHER_TASK_COMMAND,
      arguments: hiddenLauncherArguments(this.hiddenLauncherPath),
    });
    await writeFileAtomic(this.xmlPath, encodeTaskXml(xml), 0o644);
    const create = await this.schtasks(["/Create", "/F", "/TN", name, "/XML", this.xmlPath]).finally(() => rm(this.xmlPath, { force: true }));
    if (create.code === 0) {
      await this.removeLauncher();
      await this.endTask(); // an old instance may still run the old script …
      await this.endGateway(previous ?? spec); // … and its node outlives /End
      if (previous) await this.endGateway(spec);
      await this.waitForTaskEnd(); // a /Run while the old run is ending would be ignored
      await rm(this.stopMarkerPath, { force: true });
      await this.runTask();
      return { result: "installed", filePath: this.filePath, notes: [`Installed Scheduled Task: ${name}`, ...notes, ...(await this.legacyHints())] };
    }
    // schtasks exits 1 for "Access is denied" / "Zugriff verweigert" and every other refusal
    // alike, so any refusal takes the fallback, and the note quotes schtasks.
    await writeFileAtomic(this.launcherPath, renderStartupLauncher(this.hiddenLauncherPath), 0o644);
    await killWindow(this.run, this.title);
    await this.endGateway(previous ?? spec);
    await rm(this.stopMarkerPath, { force: true });
    await startHidden(this.run, this.hiddenLauncherPath);
    return {
      result: "installed",
      filePath: this.filePath,
      notes: [
        `Task Scheduler refused to create the task: ${commandOutputText(create)}`,
        `Installed a Startup-folder launcher instead: ${this.launcherPath}`,
        "It starts the gateway when you log on; it was started now. To use Task Scheduler, run the install from an elevated shell.",
        ...notes,
      ],
    };
  }

  /**
   * Ends our gateway on the spec's port: `/End` leaves the task's node.exe running, so the
   * listener is found, checked to run our entry script, and its process tree ended.
   */
  private async endGateway(spec: ServiceSpec | null): Promise<void> {
    const port = gatewayPort(spec);
    if (port === undefined || spec === null) return;
    // The old supervisor must not restart what we end: the stop marker tells it to exit.
    await writeFileAtomic(this.stopMarkerPath, "", 0o644);
    const timeoutMs = this.options.stopTimeoutMs ?? GATEWAY_STOP_TIMEOUT_MS;
    const result = await endServiceListeners(this.processes, port, spec, timeoutMs);
    const stuck = result.stillListening[0] ?? (await waitForSupervisorExit(path.join(this.options.stateDir, SUPERVISOR_PID_NAME), timeoutMs));
    if (stuck !== undefined) {
      throw new ServiceError(`The gateway or its supervisor (pid ${stuck}) is still running on port ${port} after taskkill.`, [
        `End it by hand: taskkill /F /T /PID ${stuck}`,
      ]);
    }
  }

  /** Whether `stop` left the gateway stopped (its marker is there until `start` or install). */
  private async stoppedByUs(): Promise<boolean> {
    return (await readTextIfExists(this.stopMarkerPath)) !== null;
  }

  /**
   * Waits until `/Query` no longer reports the task Running (Last Result 0x41301): after `/End`
   * the old run takes a moment to end, and Task Scheduler drops a `/Run` meanwhile
   * (MultipleInstancesPolicy IgnoreNew) while schtasks still answers SUCCESS.
   */
  private async waitForTaskEnd(): Promise<void> {
    const name = this.options.name;
    const timeoutMs = this.options.taskEndTimeoutMs ?? TASK_END_TIMEOUT_MS;
    const ended = await pollFor(async () => {
      const result = await this.schtasks(["/Query", "/TN", name, "/V", "/FO", "LIST"]);
      if (result.code !== 0) return true; // not registered (any more): nothing is running
      return isTaskRunning(parseSchtasksQuery(result.stdout, name)) ? undefined : true;
    }, timeoutMs);
    if (ended) return;
    throw new ServiceError(`Scheduled Task "${name}" still reports Running ${timeoutMs / 1000} s after schtasks /End; starting it now would be ignored.`, [
      `Look at it: schtasks /Query /TN "${name}" /V /FO LIST`,
      `End it in Task Scheduler (taskschd.msc), then run: ${this.hint("gateway start")}`,
    ]);
  }

  /** `/Change /ENABLE` or `/DISABLE`; the result is returned, not judged. */
  private changeEnabled(enabled: boolean): Promise<CommandResult> {
    return this.schtasks(["/Change", "/TN", this.options.name, enabled ? "/ENABLE" : "/DISABLE"]);
  }

  private async runTask(): Promise<void> {
    const result = await this.schtasks(["/Run", "/TN", this.options.name]);
    if (result.code !== 0) throw new ServiceError(`schtasks /Run /TN "${this.options.name}" failed: ${commandOutputText(result)}`);
  }

  /**
   * `/End`, whatever it answers ("not running" in any language included): what counts is that
   * the gateway leaves its port, which endGateway checks.
   */
  private async endTask(): Promise<void> {
    await this.schtasks(["/End", "/TN", this.options.name]);
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
    const spec = await this.readInstalled().catch(() => null);
    if (registered) {
      await this.endTask();
      const del = await this.schtasks(["/Delete", "/F", "/TN", this.options.name]);
      if (del.code !== 0 && (await this.isRegistered())) throw new ServiceError(`schtasks /Delete failed: ${commandOutputText(del)}`);
      notes.push(`Removed Scheduled Task: ${this.options.name}`);
    }
    if (await this.inFallbackMode()) {
      await killWindow(this.run, this.title);
      removed.push((await this.removeLauncher())!);
      notes.push(`Removed Startup-folder launcher: ${this.launcherPath}`);
    }
    await this.endGateway(spec);
    const owned = await removeOwnedArtifacts([this.hiddenLauncherPath, this.supervisorPath, this.filePath]);
    removed.push(...owned.removed);
    notes.push(...owned.notes);
    await rm(this.stopMarkerPath, { force: true });
    return { result: registered || removed.length > 0 ? "uninstalled" : "not-installed", removed, notes };
  }

  /** Enables the task (stop disabled it) and runs it; in fallback mode, runs the hidden launcher. */
  async start(): Promise<void> {
    await rm(this.stopMarkerPath, { force: true });
    if (await this.isRegistered()) {
      const enable = await this.changeEnabled(true);
      if (enable.code !== 0) {
        throw new ServiceError(`schtasks /Change /TN "${this.options.name}" /ENABLE failed: ${commandOutputText(enable)}`, [
          `Enable the task in Task Scheduler (taskschd.msc), or reinstall: ${this.hint("gateway install --force")}`,
        ]);
      }
      return this.runTask();
    }
    if (await this.inFallbackMode()) return startHidden(this.run, this.hiddenLauncherPath);
    throw new ServiceError(`Scheduled Task "${this.options.name}" is not installed.`, [`Install it with: ${this.hint("gateway install")}`]);
  }

  /**
   * Stops the gateway until `start`, across logons: `/Change /DISABLE` keeps the logon trigger
   * from firing (and refuses `/Run`) until `start` enables the task again. The stop marker stays
   * for what disabling cannot do: the running supervisor is the parent of the gateway whose tree
   * we end, and would restart it a second later; the Startup-folder fallback has no task to
   * disable (its launcher runs at every logon); and should `/DISABLE` fail, the supervisor a
   * logon starts still exits.
   */
  async stop(): Promise<void> {
    const registered = await this.isRegistered();
    if (!registered && !(await this.inFallbackMode())) return;
    await writeFileAtomic(this.stopMarkerPath, "", 0o644);
    if (registered) {
      await this.changeEnabled(false);
      await this.endTask();
    } else await killWindow(this.run, this.title);
    await this.endGateway(await this.readInstalled());
    if (registered) await this.waitForTaskEnd();
  }

  /** Stops, starts, and succeeds only when a gateway with a new pid listens on the port. */
  async restart(): Promise<void> {
    const spec = await this.readInstalled();
    const port = gatewayPort(spec);
    const before = port !== undefined && spec ? (await serviceListeners(this.processes, port, spec)).ours : [];
    await this.stop();
    await this.start();
    if (port === undefined || !spec) return;
    const pid = await waitForNewListener(this.processes, port, spec, before, this.options.startTimeoutMs ?? GATEWAY_START_TIMEOUT_MS);
    if (pid === undefined) {
      throw new ServiceError(`The gateway did not come back on port ${port} after the restart.`, [
        `Look at the task: schtasks /Query /TN "${this.options.name}" /V /FO LIST, and the gateway log.`,
      ]);
    }
  }

  /** The original Clawdbot's gateway tasks, from the task list (none if it cannot be read). */
  private async legacyTasks(): Promise<string[]> {
    const list = await this.schtasks(["/Query", "/FO", "CSV", "/NH"]);
    return list.code === 0 ? findLegacyTasks(parseTaskListCsv(list.stdout)) : [];
  }

  /** Install notes about the original Clawdbot's tasks. */
  private async legacyHints(): Promise<string[]> {
    return (await this.legacyTasks()).map(legacyTaskHint);
  }

  async status(): Promise<ServiceStatus> {
    const status = await this.managerStatus();
    // The task's own run ends as soon as the hidden launcher has started the script: whether
    // the gateway runs is what listens on its port.
    const pid = status.loaded ? await runningGatewayPid(this.processes, await this.readInstalled().catch(() => null)) : undefined;
    if (pid !== undefined) Object.assign(status, { state: "running", pid });
    const legacy = (await this.legacyTasks()).map(legacyTaskService);
    return legacy.length > 0 ? { ...status, legacy } : status;
  }

  private async managerStatus(): Promise<ServiceStatus> {
    const installed = (await readTextIfExists(this.filePath)) !== null;
    const result = await this.schtasks(["/Query", "/TN", this.options.name, "/V", "/FO", "LIST"]);
    if (result.code !== 0) {
      if (await this.inFallbackMode()) return fallbackStatus(installed, this.launcherPath, { stoppedByUs: await this.stoppedByUs(), hint: this.hint });
      if (!(await this.isRegistered().catch(() => true))) return { installed, loaded: false, loadedText: "missing", state: "stopped" };
      return { installed, loaded: false, loadedText: "missing", state: "unknown", detail: commandOutputText(result) };
    }
    return taskStatusFromQuery(result.stdout, this.options.name, installed, { stoppedByUs: await this.stoppedByUs(), hint: this.hint });
  }

  async readInstalled(): Promise<ServiceSpec | null> {
    return readTaskSpec(this.filePath, this.options.name, this.supervisorPath, this.hint);
  }
}
