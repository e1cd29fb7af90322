import { describe, expect, it } from "vitest";
import { describeExit, parseSystemctlShow, parseSystemdDurationMs, toServiceStatus } from "./systemctl-show.js";

const show = (lines: string[]) => parseSystemctlShow(`${lines.join("\n")}\n`);

describe("parseSystemctlShow", () => {
  it("splits on the first = and lets later keys win", () => {
    expect(parseSystemctlShow("A=1\nB=x=y\n\nnoise\nA=2\r\n")).toEqual({ A: "2", B: "x=y" });
  });
});

describe("toServiceStatus", () => {
  it("running and enabled", () => {
    const props = show([
      "LoadState=loaded",
      "ActiveState=active",
      "SubState=running",
      "MainPID=4242",
      "ExecMainStatus=0",
      "ExecMainCode=0",
      "UnitFileState=enabled",
      "Result=success",
    ]);
    expect(toServiceStatus(props, true)).toEqual({ installed: true, loaded: true, loadedText: "enabled", state: "running", pid: 4242 });
  });

  it("stopped but still enabled (after `stop`)", () => {
    const props = show([
      "LoadState=loaded",
      "ActiveState=inactive",
      "SubState=dead",
      "MainPID=0",
      "ExecMainStatus=0",
      "ExecMainCode=1",
      "UnitFileState=enabled",
      "Result=success",
    ]);
    expect(toServiceStatus(props, true)).toEqual({
      installed: true,
      loaded: true,
      loadedText: "enabled",
      state: "stopped",
      lastExitStatus: 0,
      lastExitReason: "exited with status 0",
      detail: "inactive/dead",
    });
  });

  it("waiting to restart after a crash", () => {
    const props = show([
      "LoadState=loaded",
      "ActiveState=activating",
      "SubState=auto-restart",
      "MainPID=0",
      "ExecMainStatus=9",
      "ExecMainCode=2",
      "UnitFileState=enabled",
      "Result=signal",
    ]);
    const status = toServiceStatus(props, true);
    expect(status.state).toBe("stopped");
    expect(status.lastExitReason).toBe("killed by SIGKILL");
    expect(status.detail).toBe("activating/auto-restart; restarting after an exit; result: signal");
  });

  it("a pending auto-restart says when (RestartUSec minus time already waited) and how many restarts came before", () => {
    const props = show(["ActiveState=activating", "SubState=auto-restart", "NRestarts=4", "RestartUSec=5s", "StateChangeTimestampMonotonic=1000000000"]);
    expect(toServiceStatus(props, true, 1_002_000_000).autoRestart).toEqual({ inMs: 3000, restarts: 4 });
    expect(toServiceStatus(props, true, 1_009_000_000).autoRestart).toEqual({ inMs: 0, restarts: 4 });
    expect(toServiceStatus(props, true).autoRestart).toEqual({ inMs: 5000, restarts: 4 });
    const running = show(["ActiveState=active", "SubState=running", "MainPID=7", "NRestarts=4"]);
    expect(toServiceStatus(running, true).autoRestart).toBeUndefined();
  });

  it("reads systemd durations", () => {
    expect(parseSystemdDurationMs("5s")).toBe(5000);
    expect(parseSystemdDurationMs("100ms")).toBe(100);
    expect(parseSystemdDurationMs("1min 30s")).toBe(90_000);
    expect(parseSystemdDurationMs("infinity")).toBeUndefined();
    expect(parseSystemdDurationMs(undefined)).toBeUndefined();
  });

  it("failed with an exit code, disabled", () => {
    const props = show([
      "LoadState=loaded",
      "ActiveState=failed",
      "SubState=failed",
      "MainPID=0",
      "ExecMainStatus=1",
      "ExecMainCode=1",
      "UnitFileState=disabled",
      "Result=exit-code",
    ]);
    expect(toServiceStatus(props, true)).toMatchObject({
      loaded: false,
      loadedText: "disabled",
      state: "stopped",
      lastExitStatus: 1,
      detail: "failed/failed; result: exit-code",
    });
  });

  it("unit unknown to systemd", () => {
    const props = show([
      "LoadState=not-found",
      "ActiveState=inactive",
      "SubState=dead",
      "MainPID=0",
      "ExecMainStatus=0",
      "ExecMainCode=0",
      "UnitFileState=",
      "Result=success",
    ]);
    const status = toServiceStatus(props, false);
    expect(status).toMatchObject({ installed: false, loaded: false, loadedText: "disabled", state: "stopped" });
    expect(status.detail).toMatch(/does not know the unit/);
  });

  it("unknown when systemd gave no ActiveState", () => {
    expect(toServiceStatus({}, true).state).toBe("unknown");
  });
});

describe("describeExit", () => {
  it.each([
    [1, 3, "exited with status 3"],
    [2, 15, "killed by SIGTERM"],
    [3, 11, "dumped core on SIGSEGV"],
    [2, 200, "killed by signal 200"],
    [0, 0, undefined],
  ])("code %i status %i → %s", (code, status, text) => {
    expect(describeExit(code, status)).toBe(text);
  });
});
