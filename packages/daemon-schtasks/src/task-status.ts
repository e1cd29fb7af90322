// A ServiceStatus from what `schtasks /Query /V /FO LIST` printed. Pure.
import type { ServiceStatus } from "@clawd/daemon";
import { describeTaskResult, isTaskDisabled, parseSchtasksQuery } from "./schtasks-query.js";

/** What status needs to word a disabled task. */
export interface DisabledContext {
  /** Our stop marker exists: `clawd gateway stop` disabled the task. */
  stoppedByUs: boolean;
  /** Words a CLI command (`gateway stop` → `clawd gateway stop`, with the profile). */
  hint: (command: string) => string;
}

/** Reads a registered task's status from what `/Query /TN <name> /V /FO LIST` printed. */
export function taskStatusFromQuery(stdout: string, taskName: string, installed: boolean, context?: DisabledContext): ServiceStatus {
  const info = parseSchtasksQuery(stdout, taskName);
  const status: ServiceStatus = { installed, loaded: true, loadedText: "registered", state: "unknown" };
  // In a display language we have no words for, our own stop marker says it.
  const disabled = isTaskDisabled(info) ?? context?.stoppedByUs === true;
  if (disabled) {
    status.loadedText = context?.stoppedByUs ? `disabled, stopped by \`${context.hint("gateway stop")}\`` : "disabled";
    if (context) status.hints = [`${context.hint("gateway start")} enables the task and starts the gateway.`];
  } else if (context?.stoppedByUs) {
    // Stopped by us, but the task is enabled (its /DISABLE failed, or it was enabled by hand):
    // the supervisor a logon starts exits at once, because of the stop marker.
    status.loadedText = `registered, stopped by \`${context.hint("gateway stop")}\``;
    status.hints = [`${context.hint("gateway start")} starts the gateway.`];
  }
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

/** Status in Startup-folder mode, where Task Scheduler does not track the gateway. */
export function fallbackStatus(installed: boolean, launcherPath: string, context?: DisabledContext): ServiceStatus {
  return {
    installed,
    loaded: true,
    loadedText: context?.stoppedByUs ? `Startup folder, stopped by \`${context.hint("gateway stop")}\`` : "Startup folder",
    state: "unknown",
    detail: `Started at logon by ${launcherPath}; Task Scheduler does not track it.`,
  };
}
