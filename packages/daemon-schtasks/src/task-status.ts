// A ServiceStatus from what `schtasks /Query /V /FO LIST` printed. Pure.
import type { ServiceStatus } from "@clawd/daemon";
import { describeTaskResult, parseSchtasksQuery } from "./schtasks-query.js";

/** Reads a registered task's status from what `/Query /TN <name> /V /FO LIST` printed. */
export function taskStatusFromQuery(stdout: string, taskName: string, installed: boolean): ServiceStatus {
  const info = parseSchtasksQuery(stdout, taskName);
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

/** Status in Startup-folder mode, where Task Scheduler does not track the gateway. */
export function fallbackStatus(installed: boolean, launcherPath: string): ServiceStatus {
  return {
    installed,
    loaded: true,
    loadedText: "Startup folder",
    state: "unknown",
    detail: `Started at logon by ${launcherPath}; Task Scheduler does not track it.`,
  };
}
