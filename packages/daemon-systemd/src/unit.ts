// The unit file we write, and reading it back. Both directions are pure; the service layer
// decides where the text goes.
import type { ServiceSpec } from "@clawd/daemon";
import { ServiceError } from "@clawd/daemon";
import { escapeSpecifiers, formatExecStart, parseEnvironmentValue, parseExecStart, quoteEnvironmentAssignment, unescapeSpecifiers } from "./quote.js";

/** The first line of every unit we write; uninstall deletes only files that carry it. */
export const UNIT_MARKER = "# Written by @clawd/daemon-systemd — do not edit; reinstall instead.";
/** Seconds systemd waits before restarting the gateway after it exits or crashes. */
export const RESTART_DELAY_SEC = 5;
/** Seconds `stop` waits after SIGTERM before it SIGKILLs what is left. */
export const STOP_TIMEOUT_SEC = 15;

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks a value written without quotes (Description, paths): systemd would strip
 * surrounding whitespace, a trailing backslash would continue the line, and control
 * characters cannot be expressed at all.
 */
function plainValue(setting: string, value: string): string {
  // Control characters are exactly what is refused.
  if (/[\x00-\x1f\x7f]/.test(value) || value !== value.trim() || value.endsWith("\\")) {
    throw new ServiceError(
      `Cannot write ${setting}=${JSON.stringify(value)} into a systemd unit: it has control characters, surrounding whitespace or a trailing backslash.`,
      [`Choose a ${setting === "Description" ? "description" : "path"} without those characters.`],
    );
  }
  return escapeSpecifiers(value);
}

function absolutePath(setting: string, value: string): string {
  if (!value.startsWith("/")) {
    throw new ServiceError(`${setting} must be an absolute path, got ${JSON.stringify(value)}.`);
  }
  return plainValue(setting, value);
}

/** Renders the unit file text for `spec` (LF line endings, trailing newline). */
export function renderUnit(spec: ServiceSpec): string {
  const [program] = spec.programArguments;
  if (program === undefined || !program.startsWith("/")) {
    throw new ServiceError("The service command must start with an absolute program path (e.g. the node binary).", [
      "Pass programArguments like [process.execPath, '/path/to/cli.js', 'gateway'].",
    ]);
  }
  if (program.includes("$")) {
    // systemd executes the first word literally but still applies `$$` → `$` to argv[0], so no
    // spelling of a `$` in the program path is right for both.
    throw new ServiceError(`The program path ${program} contains "$", which systemd cannot run reliably.`, [
      "Install or link node to a directory without $ in its path and reinstall.",
    ]);
  }
  const lines = [
    UNIT_MARKER,
    "[Unit]",
    `Description=${plainValue("Description", spec.description)}`,
    "After=network-online.target",
    "Wants=network-online.target",
    "",
    "[Service]",
    // exec: `systemctl start` fails when the program cannot be executed (simple would report success).
    "Type=exec",
    `ExecStart=${formatExecStart(spec.programArguments)}`,
  ];
  if (spec.workingDirectory) lines.push(`WorkingDirectory=${absolutePath("WorkingDirectory", spec.workingDirectory)}`);
  for (const [key, value] of Object.entries(spec.environment ?? {})) {
    if (value === "") continue;
    if (!ENV_KEY.test(key)) {
      throw new ServiceError(`Invalid environment variable name ${JSON.stringify(key)} for the service.`, [
        "Use letters, digits and underscores, not starting with a digit.",
      ]);
    }
    lines.push(`Environment=${quoteEnvironmentAssignment(key, value)}`);
  }
  // `-`: a missing file is not an error (the service still starts; the gateway reports what is missing).
  if (spec.environmentFile) lines.push(`EnvironmentFile=-${absolutePath("EnvironmentFile", spec.environmentFile)}`);
  if (spec.stdoutPath) lines.push(`StandardOutput=append:${absolutePath("StandardOutput", spec.stdoutPath)}`);
  // Without StandardError= stderr inherits stdout's descriptor: one file, lines in order.
  if (spec.stderrPath && spec.stderrPath !== spec.stdoutPath) {
    lines.push(`StandardError=append:${absolutePath("StandardError", spec.stderrPath)}`);
  }
  lines.push(
    "Restart=always",
    `RestartSec=${RESTART_DELAY_SEC}`,
    // mixed: SIGTERM goes to the gateway alone so it can shut down its own children cleanly;
    // whatever is still alive after TimeoutStopSec is SIGKILLed with the whole cgroup, so a
    // stop never leaves orphans behind (upstream's KillMode=process did).
    "KillMode=mixed",
    `TimeoutStopSec=${STOP_TIMEOUT_SEC}`,
    "",
    "[Install]",
    "WantedBy=default.target",
    "",
  );
  return lines.join("\n");
}

/** One `Key=value` of a unit file, with its section. */
export interface UnitEntry {
  section: string;
  key: string;
  value: string;
}

/** Splits unit file text into entries: comments dropped, continuation lines joined. */
export function parseUnitEntries(text: string): UnitEntry[] {
  const entries: UnitEntry[] = [];
  let section = "";
  let pending = "";
  for (const raw of text.split(/\r?\n/)) {
    if (!pending && /^\s*[#;]/.test(raw)) continue;
    const line = pending + raw;
    if (line.endsWith("\\")) {
      // A trailing backslash continues the logical line; systemd joins the parts with a space.
      pending = `${line.slice(0, -1)} `;
      continue;
    }
    pending = "";
    const trimmed = line.trim();
    if (!trimmed) continue;
    const header = /^\[(.+)\]$/.exec(trimmed);
    if (header) {
      section = header[1] as string;
      continue;
    }
    const eq = trimmed.indexOf("=");
    if (eq <= 0) continue;
    entries.push({ section, key: trimmed.slice(0, eq).trim(), value: trimmed.slice(eq + 1).trim() });
  }
  return entries;
}

function outputPath(value: string | undefined): string | undefined {
  const match = value ? /^(?:append|file|truncate):(.+)$/.exec(value) : null;
  return match ? unescapeSpecifiers(match[1] as string) : undefined;
}

/** Parses unit text back into a ServiceSpec (inverse of renderUnit); null when it has no ExecStart=. */
export function parseUnit(text: string, name: string): ServiceSpec | null {
  const entries = parseUnitEntries(text);
  const last = (section: string, key: string) => entries.filter((e) => e.section === section && e.key === key).at(-1)?.value;
  const execStart = last("Service", "ExecStart");
  if (!execStart) return null;
  const spec: ServiceSpec = {
    name,
    description: unescapeSpecifiers(last("Unit", "Description") ?? ""),
    programArguments: parseExecStart(execStart),
  };
  const workingDirectory = last("Service", "WorkingDirectory");
  if (workingDirectory) spec.workingDirectory = unescapeSpecifiers(workingDirectory.replace(/^-/, ""));
  const environment: Record<string, string> = {};
  for (const entry of entries) {
    if (entry.section !== "Service" || entry.key !== "Environment") continue;
    for (const [key, value] of parseEnvironmentValue(entry.value)) environment[key] = value;
  }
  if (Object.keys(environment).length > 0) spec.environment = environment;
  const environmentFile = last("Service", "EnvironmentFile");
  if (environmentFile) spec.environmentFile = unescapeSpecifiers(environmentFile.replace(/^-/, ""));
  const stdoutPath = outputPath(last("Service", "StandardOutput"));
  if (stdoutPath) spec.stdoutPath = stdoutPath;
  const stderrPath = outputPath(last("Service", "StandardError"));
  if (stderrPath) spec.stderrPath = stderrPath;
  return spec;
}

/** Whether unit text was written by this package (carries UNIT_MARKER). */
export function isOurUnit(text: string): boolean {
  return text.split(/\r?\n/, 1)[0] === UNIT_MARKER;
}
