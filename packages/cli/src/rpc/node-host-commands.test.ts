import { describe, expect, it } from "vitest";
import { handleNodeCommand, type NodeHostDeps } from "./node-host-commands.js";

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
    expect(await handleNodeCommand("system.which", JSON.stringify({ bins: ["sh", "nope"] }), deps)).toEqual({ ok: true, payload: { bins: { sh: "/usr/bin/sh" } } });
    expect(await handleNodeCommand("system.which", "{}", deps)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^INVALID_PARAMS/) } });
  });

  it("system.run runs allow-listed programs, others only when approved", async () => {
    expect(await handleNodeCommand("system.run", JSON.stringify({ command: ["/bin/echo", "hi"] }), deps)).toEqual({
      ok: true, payload: { exitCode: 0, timedOut: false, stdout: "hi\n", stderr: "", success: true, error: null },
    });
    expect(await handleNodeCommand("system.run", JSON.stringify({ command: ["rm", "-rf", "/tmp/x"] }), deps)).toEqual({
      ok: false, error: { code: "UNAVAILABLE", message: "SYSTEM_RUN_DENIED: approval required" },
    });
    expect(runs).toEqual([["/bin/echo", "hi"]]);
    expect(await handleNodeCommand("system.run", JSON.stringify({ command: ["ls"], approvalDecision: "allow-once" }), deps)).toMatchObject({ ok: true });
  });

  it("refuses unknown commands and unreadable params", async () => {
    expect(await handleNodeCommand("camera.snap", null, deps)).toEqual({ ok: false, error: { code: "UNAVAILABLE", message: "command not supported" } });
    expect(await handleNodeCommand("system.run", "{", deps)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not valid JSON/) } });
  });
});
