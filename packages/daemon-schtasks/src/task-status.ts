// A ServiceStatus from what `schtasks /Query /V /FO LIST` printed. Pure.
import { type CommandResult, type ServiceStatus, commandOutputText } from "@clawd/daemon";
import { isTaskMissing } from "./schtasks-output.js";
import { describeTaskResult, parseSchtasksQuery } from "./schtasks-query.js";

/** Reads a registered task's status (or its absence) from the `/Query /V /FO LIST` result. */
export function taskStatusFromQuery(result: CommandResult, taskName: string, installed: boolean): ServiceStatus {
  if (result.code !== 0) {
    if (isTaskMissing(result)) return { installed, loaded: false, loadedText: "missing", state: "stopped" };
    return { installed, loaded: false, loadedText: "missing", state: "unknown", detail: commandOutputText(result) };
  }
  const info = parseSchtasksQuery(result.stdout, taskName);
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
