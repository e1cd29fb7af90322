// The DaemonService for Linux: a unit in ~/.config/systemd/user driven by `systemctl --user`.
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import type {
  CommandResult,
  CommandRunner,
  CreateService,
  DaemonService,
  InstallResult,
  PlatformServiceOptions,
  ServiceSpec,
  ServiceStatus,
  UninstallResult,
} from "@clawd/daemon";
import {
  assertNoSecrets,
  assertReplaceable,
  COMMAND_TIMEOUT_MS,
  defaultCommandHint,
  createCommandRunner,
  readTextIfExists,
  removeOwnedFile,
  ServiceError,
  writeFileAtomic,
} from "@clawd/daemon";
import { parseSystemctlShow, STATUS_PROPERTIES, toServiceStatus } from "./systemctl-show.js";
import { isOurUnit, parseUnit, renderUnit, STOP_TIMEOUT_SEC } from "./unit.js";
import { UNIT_FILE_MODE, userUnitDir } from "./unit-file.js";
import { checkUserBus } from "./user-bus.js";
import { findLegacyUnits } from "./legacy-units.js";

/** Timeout for systemctl calls that stop a process (stop, restart, disable --now): beyond TimeoutStopSec. */
export const SYSTEMCTL_STOP_TIMEOUT_MS = (STOP_TIMEOUT_SEC + 15) * 1000;

const UNIT_NAME = /^[A-Za-z0-9:_.\\-]+$/;

/** The unit name for a service name: `clawd-gateway` → `clawd-gateway.service`. */
export function unitName(name: string): string {
  const base = name.replace(/\.service$/, "");
  if (!UNIT_NAME.test(base)) {
    throw new ServiceError(`Invalid systemd service name ${JSON.stringify(name)}.`, ["Use letters, digits, `-`, `_`, `.` and `:` only."]);
  }
  return `${base}.service`;
}

function firstLines(result: CommandResult): string {
  if (result.error) return result.error.message;
  if (result.timedOut) return "timed out";
  const text = result.stderr.trim() || result.stdout.trim() || `exit code ${result.code}`;
  return text.split("\n").slice(0, 3).join(" / ");
}

class SystemdService implements DaemonService {
  readonly kind = "systemd" as const;
  readonly label = "systemd";
  readonly filePath: string;
  readonly unit: string;
  private readonly runner: CommandRunner;
  private readonly env: NodeJS.ProcessEnv;

  /** Words a CLI command for a hint, with the caller's profile. */
  private readonly hint: (command: string) => string;

  constructor(private readonly options: PlatformServiceOptions) {
    this.hint = options.commandHint ?? defaultCommandHint;
    this.unit = unitName(options.name);
    this.filePath = path.posix.join(userUnitDir(options.home), this.unit);
    this.runner = options.runner ?? createCommandRunner();
    this.env = options.env ?? process.env;
  }

  private systemctl(args: string[], timeoutMs = COMMAND_TIMEOUT_MS): Promise<CommandResult> {
    return this.runner("systemctl", ["--user", ...args], { env: this.env, timeoutMs });
  }

  /** Runs systemctl and turns a failure into a ServiceError naming the command. */
  private async systemctlOrThrow(args: string[], timeoutMs?: number, hints: string[] = []): Promise<void> {
    const result = await this.systemctl(args, timeoutMs);
    if (result.code === 0) return;
    throw new ServiceError(`systemctl --user ${args.join(" ")} failed: ${firstLines(result)}`, [...hints, `Details: systemctl --user status ${this.unit}`]);
  }

  private async assertUserBus(): Promise<void> {
    const error = await checkUserBus(this.runner, this.env, undefined, this.hint);
    if (error) throw error;
  }

  private async show(): Promise<{ props: Record<string, string> } | { failed: CommandResult }> {
    const result = await this.systemctl(["show", this.unit, "-p", STATUS_PROPERTIES.join(",")]);
    return result.code === 0 ? { props: parseSystemctlShow(result.stdout) } : { failed: result };
  }

  async install(spec: ServiceSpec, options: { force?: boolean } = {}): Promise<InstallResult> {
    if (unitName(spec.name) !== this.unit) {
      throw new ServiceError(`The spec names ${JSON.stringify(spec.name)} but this service is ${this.unit}.`);
    }
    assertNoSecrets(spec, this.filePath, this.hint);
    const text = renderUnit(spec);
    await this.assertUserBus();
    const notes: string[] = [];
    const existing = await readTextIfExists(this.filePath);
    // The shared rule (as launchd and schtasks): refuse a file we did not write unless forced.
    assertReplaceable(this.filePath, existing, isOurUnit, options.force === true, this.hint);
    if (existing !== null && !isOurUnit(existing)) notes.push(`Replaced ${this.filePath}, which was not written by Clawd.`);
    if (existing === text && !options.force) {
      const shown = await this.show();
      const props = "props" in shown ? shown.props : {};
      if (props.UnitFileState === "enabled") {
        if (props.ActiveState !== "active") {
          await this.systemctlOrThrow(["start", this.unit], SYSTEMCTL_STOP_TIMEOUT_MS, this.logHints(spec));
          notes.push(`Started ${this.unit} (it was installed but not running).`);
        }
        return { result: "already-installed", filePath: this.filePath, notes };
      }
    }
    for (const logPath of [spec.stdoutPath, spec.stderrPath]) {
      // systemd creates the log file but not its directory.
      if (logPath) await mkdir(path.dirname(logPath), { recursive: true });
    }
    await writeFileAtomic(this.filePath, text, UNIT_FILE_MODE);
    await this.systemctlOrThrow(["daemon-reload"]);
    await this.systemctlOrThrow(["enable", this.unit]);
    await this.systemctlOrThrow(["restart", this.unit], SYSTEMCTL_STOP_TIMEOUT_MS, this.logHints(spec));
    notes.push(`Installed systemd service: ${this.filePath}`);
    if (spec.stdoutPath) notes.push(`Logs: ${spec.stdoutPath}`);
    return { result: "installed", filePath: this.filePath, notes };
  }

  private logHints(spec: ServiceSpec): string[] {
    return spec.stdoutPath ? [`Logs: ${spec.stdoutPath}`] : [];
  }

  async uninstall(): Promise<UninstallResult> {
    const existing = await readTextIfExists(this.filePath);
    if (existing === null) return { result: "not-installed", removed: [], notes: [`No unit file at ${this.filePath}.`] };
    if (!isOurUnit(existing)) {
      // The shared rule (as launchd and schtasks): a file we did not write is left in place, with a note.
      const left = await removeOwnedFile(this.filePath, isOurUnit, "systemd service");
      return {
        result: "not-installed",
        removed: [],
        notes: [...left.notes, `Remove it yourself if it is not needed: systemctl --user disable --now ${this.unit} && rm ${this.filePath}`],
      };
    }
    const notes: string[] = [];
    const busError = await checkUserBus(this.runner, this.env, undefined, this.hint);
    if (busError) {
      notes.push(`${busError.message}; removed the unit file only.`);
    } else {
      // disable --now stops the process synchronously (KillMode=mixed takes the whole cgroup).
      await this.systemctlOrThrow(["disable", "--now", this.unit], SYSTEMCTL_STOP_TIMEOUT_MS);
    }
    await rm(this.filePath, { force: true });
    if (!busError) {
      await this.systemctlOrThrow(["daemon-reload"]);
      // Forget a failed state so the unit vanishes from `systemctl --user list-units`.
      await this.systemctl(["reset-failed", this.unit]);
    }
    notes.push(`Removed systemd service: ${this.filePath}`);
    return { result: "uninstalled", removed: [this.filePath], notes };
  }

  private async assertInstalled(): Promise<void> {
    if ((await readTextIfExists(this.filePath)) === null) {
      throw new ServiceError(`The ${this.unit} service is not installed (no ${this.filePath}).`, [`Install it with: ${this.hint("gateway install")}`]);
    }
  }

  async start(): Promise<void> {
    await this.assertInstalled();
    await this.assertUserBus();
    await this.systemctlOrThrow(["start", this.unit], SYSTEMCTL_STOP_TIMEOUT_MS);
  }

  async stop(): Promise<void> {
    await this.assertUserBus();
    // The unit stays enabled and loaded, so `start` works afterwards; only the process stops.
    await this.systemctlOrThrow(["stop", this.unit], SYSTEMCTL_STOP_TIMEOUT_MS);
  }

  async restart(): Promise<void> {
    await this.assertInstalled();
    await this.assertUserBus();
    await this.systemctlOrThrow(["restart", this.unit], SYSTEMCTL_STOP_TIMEOUT_MS);
  }

  async status(): Promise<ServiceStatus> {
    const status = await this.managerStatus();
    const legacy = await findLegacyUnits(this.options.home);
    return legacy.length > 0 ? { ...status, legacy } : status;
  }

  private async managerStatus(): Promise<ServiceStatus> {
    const installed = (await readTextIfExists(this.filePath)) !== null;
    const busError = await checkUserBus(this.runner, this.env, undefined, this.hint);
    if (busError) {
      const { message: detail, hints } = busError;
      return { installed, loaded: false, loadedText: "unknown", state: "unknown", detail, hints };
    }
    const shown = await this.show();
    if ("failed" in shown) {
      const detail = `systemctl --user show failed: ${firstLines(shown.failed)}`;
      return { installed, loaded: false, loadedText: "unknown", state: "unknown", detail };
    }
    // Node's hrtime is CLOCK_MONOTONIC, the clock of systemd's *TimestampMonotonic properties.
    return toServiceStatus(shown.props, installed, Number(process.hrtime.bigint() / 1000n));
  }

  async readInstalled(): Promise<ServiceSpec | null> {
    const text = await readTextIfExists(this.filePath);
    return text === null ? null : parseUnit(text, this.options.name);
  }
}

/** Creates the systemd user service for `options.name` under `options.home`. */
export const createService: CreateService = (options) => new SystemdService(options);
