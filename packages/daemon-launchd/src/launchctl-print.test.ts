import { describe, expect, it } from "vitest";
import { printRunning, printWaiting } from "../test/launchctl-fixtures.js";
import { parseLaunchctlPrint } from "./launchctl-print.js";

describe("parseLaunchctlPrint", () => {
  it("reads state, pid, path and last exit code from the top level only", () => {
    const info = parseLaunchctlPrint(printRunning("ai.clawd.gateway", 501, 4242));
    expect(info).toMatchObject({
      state: "running",
      pid: 4242,
      path: "/Users/me/Library/LaunchAgents/ai.clawd.gateway.plist",
      lastExitStatus: 1,
      runtime: "running",
    });
    // Nested blocks (arguments, endpoints) also say `state` and `pid`; they must not leak.
    expect(info.keys.state).toBe("running");
    expect(info.keys.port).toBeUndefined();
    expect(info.keys.path_).toBeUndefined();
  });

  it("is not fooled by nested state/pid after the top-level ones (upstream kept the last match)", () => {
    const info = parseLaunchctlPrint(printWaiting("ai.clawd.gateway", 501));
    expect(info.state).toBe("spawn scheduled");
    expect(info.pid).toBeUndefined();
    expect(info.runtime).toBe("stopped");
    expect(info.lastExitStatus).toBe(78); // `78: EX_CONFIG` keeps its number
    expect(info.lastExitReason).toBe("Terminated: 15");
  });

  it("reads `78: EX_CONFIG` as status 78 with sysexits' name as the reason", () => {
    const info = parseLaunchctlPrint("gui/501/x = {\n\tstate = spawn scheduled\n\tlast exit code = 78: EX_CONFIG\n}\n");
    expect(info).toMatchObject({ lastExitStatus: 78, lastExitReason: "EX_CONFIG", runtime: "stopped" });
  });

  it("reports `(never exited)` as the exit reason", () => {
    const info = parseLaunchctlPrint("gui/501/x = {\n\tstate = running\n\tpid = 7\n\tlast exit code = (never exited)\n}\n");
    expect(info).toMatchObject({ pid: 7, lastExitReason: "never exited", runtime: "running" });
    expect(info.lastExitStatus).toBeUndefined();
  });

  it("accepts the older `last exit status` key and a not-running state", () => {
    const info = parseLaunchctlPrint("gui/501/x = {\n\tstate = not running\n\tlast exit status = 0\n}\n");
    expect(info).toMatchObject({ state: "not running", lastExitStatus: 0, runtime: "stopped" });
  });

  it("says unknown when there is no state at all", () => {
    expect(parseLaunchctlPrint("").runtime).toBe("unknown");
  });

  it("reads flat key = value output without an outer block", () => {
    expect(parseLaunchctlPrint("state = running\npid = 12\n")).toMatchObject({ pid: 12, runtime: "running" });
  });

  it("ignores a pid of 0", () => {
    expect(parseLaunchctlPrint("x = {\n\tstate = waiting\n\tpid = 0\n}\n")).toMatchObject({ runtime: "stopped" });
  });
});
