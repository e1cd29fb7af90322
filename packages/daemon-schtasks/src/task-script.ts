// The `.cmd` script the Scheduled Task runs, and the way back. Pure; escaping rules live in
// cmd-escape.ts and the interpreter model in cmd-parse.ts.
import type { ServiceSpec } from "@clawd/daemon";
import { CMD_ENV_NAME, escapeRemText, formatCmdCommand, formatCmdSet, quoteCmdPath, unescapeRemText } from "./cmd-escape.js";
import { cmdLineToText, parseCmdCommand, parseCmdSet } from "./cmd-parse.js";
import { assertCmdLineFits } from "./cmd-line-limit.js";

/** Text in a `rem` line that marks a script as ours; uninstall removes only marked files. */
export const TASK_SCRIPT_MARKER = "clawd-service: written by @clawd/daemon-schtasks";
/** Batch files are read line by line with CRLF endings. */
export const CRLF = "\r\n";

const MARKER_LINE = `rem ${TASK_SCRIPT_MARKER}; edits are lost on reinstall`;
// Batch files are read in the console code page; switching to UTF-8 first lets paths and
// values outside the ANSI code page through. Delayed expansion off: `!` stays literal.
const PRELUDE = ["setlocal EnableExtensions DisableDelayedExpansion", "chcp 65001 >nul"];

/** What a task script holds: the spec minus the name, which lives in Task Scheduler. */
export type TaskScriptSpec = Omit<ServiceSpec, "name" | "environmentFile">;

/** Options for `renderTaskScript`. */
export interface RenderTaskScriptOptions {
  /** Console window title (lets a Startup-folder instance be found and stopped). */
  title?: string;
}

/** Renders the `.cmd` script (CRLF, trailing CRLF) that runs `spec`. */
export function renderTaskScript(spec: TaskScriptSpec, options: RenderTaskScriptOptions = {}): string {
  const lines = ["@echo off", MARKER_LINE];
  if (spec.description.trim() !== "") lines.push(`rem ${escapeRemText(spec.description)}`);
  lines.push(...PRELUDE);
  if (options.title !== undefined) {
    if (!/^[\w .()-]+$/.test(options.title)) throw new Error(`unsafe window title: ${options.title}`);
    lines.push(`title ${options.title}`);
  }
  if (spec.workingDirectory) lines.push(`cd /d ${quoteCmdPath(spec.workingDirectory, "The working directory")}`);
  for (const [key, value] of Object.entries(spec.environment ?? {})) {
    if (value.trim() === "") continue;
    const line = formatCmdSet(key, value);
    assertCmdLineFits(line, `The value of ${key}`);
    lines.push(line);
  }
  let command = formatCmdCommand(spec.programArguments);
  if (spec.stdoutPath) {
    command += ` >>${quoteCmdPath(spec.stdoutPath, "The log path")}`;
    const stderrPath = spec.stderrPath ?? spec.stdoutPath;
    command += stderrPath === spec.stdoutPath ? " 2>&1" : ` 2>>${quoteCmdPath(stderrPath, "The error log path")}`;
  }
  assertCmdLineFits(command, "The command line");
  lines.push(command);
  return lines.join(CRLF) + CRLF;
}

/** True when `text` carries our marker line. */
export function hasTaskScriptMarker(text: string): boolean {
  return text.split(/\r?\n/).some((line) => line.startsWith(`rem ${TASK_SCRIPT_MARKER}`));
}

// Our own redirections at the end of the command line. Arguments never contain a raw `>`
// or `"` (both are caret-escaped), so this cannot match inside an argument.
const REDIRECTS = /\s+>>("[^"]*")(?:\s+2>&1|\s+2>>("[^"]*"))\s*$/;

/** Parses a task script back into its spec; null when it runs no command. */
export function parseTaskScript(text: string): TaskScriptSpec | null {
  const spec: TaskScriptSpec = { description: "", programArguments: [] };
  const environment: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    const lower = trimmed.toLowerCase();
    if (trimmed === "" || lower.startsWith("@echo") || lower.startsWith("setlocal") || lower.startsWith("chcp ")) continue;
    if (lower.startsWith("title ") || lower === "::" || trimmed.startsWith(":: ")) continue;
    if (lower === "rem" || lower.startsWith("rem ")) {
      const body = line.replace(/\r$/, "").replace(/^\s*rem ?/i, "");
      if (!body.startsWith(TASK_SCRIPT_MARKER) && spec.description === "") spec.description = unescapeRemText(body);
      continue;
    }
    if (lower.startsWith("cd /d ")) {
      spec.workingDirectory = cmdLineToText(trimmed.slice(6)).replace(/^"(.*)"$/s, "$1");
      continue;
    }
    if (lower.startsWith("set ")) {
      const pair = parseCmdSet(trimmed);
      if (pair && CMD_ENV_NAME.test(pair[0])) environment[pair[0]] = pair[1];
      continue;
    }
    if (spec.programArguments.length > 0) continue;
    let command = trimmed;
    const redirect = REDIRECTS.exec(command);
    if (redirect) {
      command = command.slice(0, redirect.index);
      spec.stdoutPath = cmdLineToText(redirect[1]!).slice(1, -1);
      spec.stderrPath = redirect[2] ? cmdLineToText(redirect[2]).slice(1, -1) : spec.stdoutPath;
    }
    spec.programArguments = parseCmdCommand(command);
  }
  if (Object.keys(environment).length > 0) spec.environment = environment;
  return spec.programArguments.length > 0 ? spec : null;
}
