// The contract every platform package implements. The CLI only ever talks to a
// `DaemonService`, whichever of systemd, launchd or schtasks stands behind it.
import type { CommandRunner } from "./runner.js";

/** What to run as a per-user background service. Secrets never go in here. */
export interface ServiceSpec {
  /** systemd unit base name, launchd label or task name, e.g. `clawd-gateway`. */
  name: string;
  /** One line for humans (unit Description, plist Comment, `rem` line). */
  description: string;
  /** argv with an absolute program path first (e.g. the node binary). */
  programArguments: string[];
  workingDirectory?: string;
  /** Non-secret environment for the service; empty values are omitted by every writer. */
  environment?: Record<string, string>;
  /** A file (mode 0600) the service manager reads extra environment from, where supported. */
  environmentFile?: string;
  /** Where stdout is appended. */
  stdoutPath?: string;
  /** Where stderr is appended (the same file as stdout when omitted). */
  stderrPath?: string;
}

/**
 * A service of the original Clawdbot found next to ours: left in place it starts its own gateway
 * at every login and competes for the port. Reported with the command that removes it; we never
 * remove it ourselves.
 */
export interface LegacyService {
  /** Label or task name, e.g. `com.clawdbot.gateway`, `Clawdbot Gateway (work)`. */
  name: string;
  /** How users call it: `LaunchAgent`, `Scheduled Task`. */
  label: string;
  /** The file that defines it (a plist), when there is one. */
  file?: string;
  /** What the user runs to remove it. */
  removeCommand: string;
}

/** What the service manager knows about the process right now. */
export type RuntimeState = "running" | "stopped" | "unknown";

/** A pending automatic restart: when it fires and how many restarts came before it. */
export interface AutoRestart {
  /** Time left until the next start, in milliseconds (undefined when the manager does not say). */
  inMs: number | undefined;
  /** Restarts since the service was last started by hand (undefined when unknown). */
  restarts: number | undefined;
}

/** One look at the service: its file, its registration and its process. */
export interface ServiceStatus {
  /** Our service file exists on disk. */
  installed: boolean;
  /** Registered with the manager: systemd enabled, launchd bootstrapped, task registered. */
  loaded: boolean;
  /** The manager's word for `loaded` or not: `enabled`/`disabled`, `loaded`/`not loaded`, `registered`/`missing`. */
  loadedText: string;
  state: RuntimeState;
  pid?: number;
  lastExitStatus?: number;
  lastExitReason?: string;
  /** Set while the manager waits to restart a process that exited (systemd `activating/auto-restart`). */
  autoRestart?: AutoRestart;
  /** Anything else worth showing, e.g. why the state is unknown. */
  detail?: string;
  /** How to fix what `detail` reports (e.g. no systemd user manager), one line each. */
  hints?: string[];
  /** The original Clawdbot's gateway services that are installed too. */
  legacy?: LegacyService[];
}

/** The result of `install`: what was written and what the manager said. */
export interface InstallResult {
  /** `installed` on a fresh or forced install, `already-installed` when nothing changed. */
  result: "installed" | "already-installed";
  /** Path of the file we wrote (unit, plist, .cmd). */
  filePath: string;
  /** Human lines to show, e.g. a fallback that was taken. */
  notes: string[];
}

/** The result of `uninstall`: every path removed, nothing outside our own files. */
export interface UninstallResult {
  result: "uninstalled" | "not-installed";
  removed: string[];
  notes: string[];
}

/** A per-user background service on one platform. */
export interface DaemonService {
  /** `systemd`, `launchd` or `schtasks`. */
  readonly kind: "systemd" | "launchd" | "schtasks";
  /** How users call it: `systemd`, `LaunchAgent`, `Scheduled Task`. */
  readonly label: string;
  /** Absolute path of the service file this service writes. */
  readonly filePath: string;
  install(spec: ServiceSpec, options?: { force?: boolean }): Promise<InstallResult>;
  uninstall(): Promise<UninstallResult>;
  start(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  status(): Promise<ServiceStatus>;
  /** Parses our installed service file back into a spec, or null when there is none. */
  readInstalled(): Promise<ServiceSpec | null>;
}

/** What the CLI passes to a platform package's `createService`. */
export interface PlatformServiceOptions {
  /** Service name: unit base name, launchd label or task name. */
  name: string;
  /** The user's home directory (where unit, plist or script live). */
  home: string;
  /** Directory for scripts or env files we own (the Clawd state dir). */
  stateDir: string;
  /** Runs external commands; tests pass a fake, everything else the default. */
  runner?: CommandRunner;
  /** Environment to read (USER, XDG_RUNTIME_DIR, USERPROFILE …); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * Words a CLI command named in a hint (`gateway install` → `clawd --profile p gateway install`).
   * The CLI passes its own so hints name the right profile; default: defaultCommandHint.
   */
  commandHint?: (command: string) => string;
}

/** `clawd <command>`: the hint wording when the caller gives none (the default profile). */
export function defaultCommandHint(command: string): string {
  return `clawd ${command}`;
}

/** Every platform package exports a function of this shape named `createService`. */
export type CreateService = (options: PlatformServiceOptions) => DaemonService;

// Recognised by a Symbol.for marker, not instanceof: the CLI and each platform package may
// resolve different copies of @clawd/daemon.
const SERVICE_ERROR = Symbol.for("clawd.error.ServiceError");

/** Whether `value` carries `marker` (set by an error class's constructor, from any copy of the package). */
function hasMarker(value: unknown, marker: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}

/** An expected failure with a message a user can act on (no stack trace is shown). */
export class ServiceError extends Error {
  override readonly name = "ServiceError";
  constructor(
    message: string,
    /** Lines that say how to fix it. */
    readonly hints: string[] = [],
  ) {
    super(message);
    Object.defineProperty(this, SERVICE_ERROR, { value: true });
  }

  /** A ServiceError from any copy of @clawd/daemon (the platform packages throw it). */
  static isInstance(value: unknown): value is ServiceError {
    return hasMarker(value, SERVICE_ERROR);
  }
}
