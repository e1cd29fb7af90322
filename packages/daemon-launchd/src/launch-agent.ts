// The LaunchAgent plist for a ServiceSpec, and the way back. Pure: no file system, no launchctl.
import type { ServiceSpec } from "@clawd/daemon";
import { type PlistDict, type PlistValue, parsePlist, renderPlist } from "./plist.js";

/** Seconds launchd waits before starting the job again after it exited (systemd's RestartSec=5). */
export const THROTTLE_INTERVAL_S = 5;

/** Text in an XML comment that marks a plist as ours; uninstall removes only marked files. */
export const LAUNCH_AGENT_MARKER = "clawd-service: written by @clawd/daemon-launchd";

const MARKER_COMMENT = `${LAUNCH_AGENT_MARKER}; edits are lost on reinstall (clawd gateway install with force)`;

/** Options for `renderLaunchAgent`. */
export interface RenderLaunchAgentOptions {
  /** Seconds between restarts; default THROTTLE_INTERVAL_S. */
  throttleIntervalS?: number;
}

/** The plist dictionary for `spec` (label = spec.name; empty environment values dropped). */
export function launchAgentDict(spec: ServiceSpec, options: RenderLaunchAgentOptions = {}): PlistDict {
  if (spec.programArguments.length === 0) throw new Error("programArguments must name a program");
  const dict: PlistDict = { Label: spec.name };
  if (spec.description.trim() !== "") dict.Comment = spec.description;
  dict.ProgramArguments = [...spec.programArguments];
  if (spec.workingDirectory) dict.WorkingDirectory = spec.workingDirectory;
  const environment = Object.fromEntries(Object.entries(spec.environment ?? {}).filter(([, value]) => value.trim() !== ""));
  if (Object.keys(environment).length > 0) dict.EnvironmentVariables = environment;
  if (spec.stdoutPath) {
    dict.StandardOutPath = spec.stdoutPath;
    dict.StandardErrorPath = spec.stderrPath ?? spec.stdoutPath;
  } else if (spec.stderrPath) {
    dict.StandardErrorPath = spec.stderrPath;
  }
  // KeepAlive true (not {SuccessfulExit: false}): the gateway is meant to be always on, even
  // after a clean exit; `stop` boots the job out, so KeepAlive never fights a deliberate stop.
  dict.RunAtLoad = true;
  dict.KeepAlive = true;
  dict.ThrottleInterval = options.throttleIntervalS ?? THROTTLE_INTERVAL_S;
  return dict;
}

/** Renders the LaunchAgent plist XML for `spec`, with the marker comment. */
export function renderLaunchAgent(spec: ServiceSpec, options: RenderLaunchAgentOptions = {}): string {
  return renderPlist(launchAgentDict(spec, options), { comment: MARKER_COMMENT });
}

/** True when `xml` carries our marker comment. */
export function hasLaunchAgentMarker(xml: string): boolean {
  return xml.includes(`<!-- ${LAUNCH_AGENT_MARKER}`);
}

/** Parses a LaunchAgent plist back into a ServiceSpec (throws PlistError on malformed input). */
export function parseLaunchAgent(xml: string): ServiceSpec {
  const root = parsePlist(xml);
  if (!isDict(root)) throw new Error("the plist root is not a <dict>");
  const spec: ServiceSpec = {
    name: stringField(root, "Label") ?? "",
    description: stringField(root, "Comment") ?? "",
    programArguments: stringArray(root.ProgramArguments),
  };
  if (spec.programArguments.length === 0 && typeof root.Program === "string") spec.programArguments = [root.Program];
  const workingDirectory = stringField(root, "WorkingDirectory");
  if (workingDirectory !== undefined) spec.workingDirectory = workingDirectory;
  const env = root.EnvironmentVariables;
  if (isDict(env)) {
    spec.environment = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  }
  const stdoutPath = stringField(root, "StandardOutPath");
  if (stdoutPath !== undefined) spec.stdoutPath = stdoutPath;
  const stderrPath = stringField(root, "StandardErrorPath");
  if (stderrPath !== undefined) spec.stderrPath = stderrPath;
  return spec;
}

function isDict(value: PlistValue | undefined): value is PlistDict {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array);
}

function stringField(dict: PlistDict, key: string): string | undefined {
  const value = dict[key];
  return typeof value === "string" ? value : undefined;
}

function stringArray(value: PlistValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}
