// What `clawd node run` does with each `node.invoke.request`: system.which finds binaries on
// PATH, system.run runs an argv when its program is allow-listed (or the caller says an
// operator approved it), as the original node host answers. Like the original it reports each
// run to the gateway — exec.denied when refused, exec.finished with the output's tail — which
// queues them as system events for the run's session. Pure: PATH lookup, process running and
// the event sender are injected.

/** Most characters of a run's output an exec.finished event carries (the tail; the original's OUTPUT_EVENT_TAIL). */
export const EXEC_EVENT_OUTPUT_TAIL_CHARS = 20_000;

/** Commands this node host declares. */
export const NODE_HOST_COMMANDS = ["system.run", "system.which"] as const;

export interface RunResult {
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

export interface NodeHostDeps {
  /** Absolute path of `bin` on the node's PATH, or undefined. */
  which(bin: string): string | undefined;
  run(argv: string[], options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<RunResult>;
  /** Programs (basenames) system.run may start without an approval. */
  allow: ReadonlySet<string>;
  /** Sends a node.event (exec.denied / exec.finished); failures are the sender's to report. */
  emit?(event: "exec.denied" | "exec.finished", payload: Record<string, unknown>): void;
  /** A run id when the caller gives none. */
  newRunId?(): string;
}

export type NodeCommandOutcome = { ok: true; payload: unknown } | { ok: false; error: { code: string; message: string } };

const fail = (message: string): NodeCommandOutcome => ({ ok: false, error: { code: "UNAVAILABLE", message } });
const stringList = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;

/** Answers one invoke; never throws (a failure is an outcome the gateway relays). */
export async function handleNodeCommand(command: string, paramsJSON: string | null, deps: NodeHostDeps): Promise<NodeCommandOutcome> {
  let params: Record<string, unknown> = {};
  try {
    const parsed: unknown = paramsJSON ? JSON.parse(paramsJSON) : {};
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) params = parsed as Record<string, unknown>;
  } catch {
    return fail("INVALID_PARAMS: paramsJSON is not valid JSON");
  }
  if (command === "system.which") {
    const bins = stringList(params.bins);
    if (!bins) return fail("INVALID_PARAMS: bins must be a list of program names");
    const found: Record<string, string> = {};
    for (const bin of bins) {
      const path = deps.which(bin);
      if (path) found[bin] = path;
    }
    return { ok: true, payload: { bins: found } };
  }
  if (command === "system.run") {
    const argv = stringList(params.command);
    if (!argv || argv.length === 0) return fail("INVALID_PARAMS: command must be a non-empty argv list");
    const program = argv[0]?.split("/").pop() ?? "";
    const approved = params.approved === true || params.approvalDecision === "allow-once" || params.approvalDecision === "allow-always";
    // The run as the original node host reports it: its session ("node" unless the caller names one) and run id.
    const sessionKey = (typeof params.sessionKey === "string" && params.sessionKey.trim()) || "node";
    const runId = (typeof params.runId === "string" && params.runId.trim()) || (deps.newRunId ?? (() => globalThis.crypto.randomUUID()))();
    const commandText = (typeof params.rawCommand === "string" && params.rawCommand.trim()) || argv.join(" ");
    const event = { sessionKey, runId, host: "node", command: commandText };
    if (!approved && !deps.allow.has(program)) {
      deps.emit?.("exec.denied", { ...event, reason: "approval-required" });
      return fail("SYSTEM_RUN_DENIED: approval required");
    }
    const options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {};
    if (typeof params.cwd === "string") options.cwd = params.cwd;
    if (typeof params.timeoutMs === "number") options.timeoutMs = params.timeoutMs;
    if (params.env && typeof params.env === "object") options.env = params.env as Record<string, string>;
    const result = await deps.run(argv, options);
    const success = result.exitCode === 0 && !result.timedOut;
    const output = [result.stdout, result.stderr].filter(Boolean).join("\n").trim();
    const tail = output.length > EXEC_EVENT_OUTPUT_TAIL_CHARS ? `... (truncated) ${output.slice(-EXEC_EVENT_OUTPUT_TAIL_CHARS)}` : output;
    deps.emit?.("exec.finished", { ...event, exitCode: result.exitCode, timedOut: result.timedOut, success, ...(tail ? { output: tail } : {}) });
    return { ok: true, payload: { ...result, success, error: null } };
  }
  return fail("command not supported");
}
