// What `clawd node run` does with each `node.invoke.request`: system.which finds binaries on
// PATH, system.run runs an argv when its program is allow-listed (or the caller says an
// operator approved it), as the original node host answers. Pure: PATH lookup and process
// running are injected.

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
}

export type NodeCommandOutcome = { ok: true; payload: unknown } | { ok: false; error: { code: string; message: string } };

const fail = (message: string): NodeCommandOutcome => ({ ok: false, error: { code: "UNAVAILABLE", message } });
const stringList = (value: unknown): string[] | undefined => (Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined);

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
    if (!approved && !deps.allow.has(program)) return fail("SYSTEM_RUN_DENIED: approval required");
    const options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {};
    if (typeof params.cwd === "string") options.cwd = params.cwd;
    if (typeof params.timeoutMs === "number") options.timeoutMs = params.timeoutMs;
    if (params.env && typeof params.env === "object") options.env = params.env as Record<string, string>;
    const result = await deps.run(argv, options);
    return { ok: true, payload: { ...result, success: result.exitCode === 0 && !result.timedOut, error: null } };
  }
  return fail("command not supported");
}
