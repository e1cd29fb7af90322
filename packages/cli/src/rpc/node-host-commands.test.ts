import { describe, expect, it } from "vitest";
import { EXEC_EVENT_OUTPUT_TAIL_CHARS, handleNodeCommand, type NodeHostDeps } from "./node-host-commands.js";

const runs: string[][] = [];
const deps: NodeHostDeps = {
  which: (bin) => (bin === "sh" ? "/usr/bin/sh" : undefined),
  run: async (argv) => {
    runs.push(argv);
    return { exitCode: 0, timedOut: false, stdout: `${argv.slice(1).join(" ")}\n`, stderr: "" };
  },
  allow: new Set(["echo"]),
};

describe("handleNodeCommand", () => {
  it("system.which lists only the binaries found", async () => {
    expect(await handleNodeCommand("system.which", JSON.stringify({ bins: ["sh", "nope"] }), deps)).toEqual({
      ok: true,
      payload: { bins: { sh: "/usr/bin/sh" } },
    });
    expect(await handleNodeCommand("system.which", "{}", deps)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^INVALID_PARAMS/) } });
  });

  it("system.run runs allow-listed programs, others only when approved", async () => {
    expect(await handleNodeCommand("system.run", JSON.stringify({ command: ["/bin/echo", "hi"] }), deps)).toEqual({
      ok: true,
      payload: { exitCode: 0, timedOut: false, stdout: "hi\n", stderr: "", success: true, error: null },
    });
    expect(await handleNodeCommand("system.run", JSON.stringify({ command: ["rm", "-rf", "/tmp/x"] }), deps)).toEqual({
      ok: false,
      error: { code: "UNAVAILABLE", message: "SYSTEM_RUN_DENIED: approval required" },
    });
    expect(runs).toEqual([["/bin/echo", "hi"]]);
    expect(await handleNodeCommand("system.run", JSON.stringify({ command: ["ls"], approvalDecision: "allow-once" }), deps)).toMatchObject({ ok: true });
  });

  it("refuses unknown commands and unreadable params", async () => {
    expect(await handleNodeCommand("camera.snap", null, deps)).toEqual({ ok: false, error: { code: "UNAVAILABLE", message: "command not supported" } });
    expect(await handleNodeCommand("system.run", "{", deps)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not valid JSON/) } });
  });

  it("reports each run as the original node host: exec.denied when refused, exec.finished with the output's tail", async () => {
    const sent: Array<[string, Record<string, unknown>]> = [];
    const reporting: NodeHostDeps = { ...deps, emit: (event, payload) => void sent.push([event, payload]), newRunId: () => "run-1" };
    await handleNodeCommand("system.run", JSON.stringify({ command: ["rm", "x"] }), reporting);
    await handleNodeCommand(
      "system.run",
      JSON.stringify({ command: ["/bin/echo", "hi"], sessionKey: " agent:main:main ", runId: "r2", rawCommand: "echo hi" }),
      reporting,
    );
    const long: NodeHostDeps = {
      ...reporting,
      run: async () => ({ exitCode: 1, timedOut: false, stdout: "x".repeat(EXEC_EVENT_OUTPUT_TAIL_CHARS + 5), stderr: "" }),
    };
    await handleNodeCommand("system.run", JSON.stringify({ command: ["echo"] }), long);
    expect(sent[0]).toEqual(["exec.denied", { sessionKey: "node", runId: "run-1", host: "node", command: "rm x", reason: "approval-required" }]);
    expect(sent[1]).toEqual([
      "exec.finished",
      { sessionKey: "agent:main:main", runId: "r2", host: "node", command: "echo hi", exitCode: 0, timedOut: false, success: true, output: "hi" },
    ]);
    expect(sent[2]?.[1]).toMatchObject({ exitCode: 1, success: false, output: `... (truncated) ${"x".repeat(EXEC_EVENT_OUTPUT_TAIL_CHARS)}` });
    expect(sent).toHaveLength(3);
  });
});
