export type { Family, HiddenSocket, Listener, PortScan } from "./listener-types.js";
export { PortError, type PortErrorCode } from "./port-error.js";
export { MAX_PORT, parsePort } from "./port-number.js";
export { findListeners, scanPort, type LookupOptions } from "./find-listeners.js";
export { isPortFree, probeBind, PROBE_HOSTS, type ProbeResult } from "./bind-probe.js";
export {
  freePort,
  DEFAULT_GRACE_MS,
  DEFAULT_TIMEOUT_MS,
  POLL_INTERVAL_MS,
  PROTECTED_PIDS,
  type FreePortOptions,
  type FreePortResult,
} from "./free-port.js";
export { explainPortInUse, explainScan, type ExplainOptions, type PortExplanation } from "./explain.js";
export { REDACTED, redactSecrets } from "./redact.js";
export { classifyListener, hintsFor, type ListenerKind } from "./classify.js";
export { COMMAND_TIMEOUT_MS, runCommand, type CommandResult, type CommandRunner, type RejectingCommandRunner } from "./command-runner.js";
export type { Signaller, SignalOutcome, StopSignal } from "./process-signal.js";
export type { BusyCheck } from "./port-busy.js";
export { parseProcNetTcp, decodeHexAddress, type ProcSocket } from "./procfs-table.js";
export { parseLsof, lsofArgs } from "./lsof.js";
export { parseNetstat, type NetstatRow } from "./netstat.js";
export { parseNetTcpConnectionJson, parseWin32ProcessJson } from "./powershell.js";
export { parseTasklistCsv } from "./tasklist.js";
