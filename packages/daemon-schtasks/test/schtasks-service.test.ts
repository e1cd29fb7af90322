// The Scheduled Task service against fake `schtasks`, `cmd.exe` and `taskkill` executables on
// PATH that record argv and answer like the real tools. No Task Scheduler runs on Linux.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ServiceSpec, ServiceError, createCommandRunner } from "@clawd/daemon";
import { type FakeBin, createFakeBin } from "@clawd/test-kit/fake-bin";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSchtasksService } from "../src/schtasks-service.js";
import { hasTaskScriptMarker } from "../src/task-script.js";
import { schtasksBehaviour, taskkillBehaviour } from "./schtasks-fixtures.js";

const NAME = "Clawd Gateway";
const TITLE = `${NAME} (clawd service)`;

let root: string;
let home: string;
let stateDir: string;
let appData: string;
let schtasks: FakeBin;
let cmd: FakeBin;
let taskkill: FakeBin;

function service() {
  return createSchtasksService({
    name: NAME,
    home,
    stateDir,
    env: { APPDATA: appData, USERDOMAIN: "DESKTOP-1", USERNAME: "jo" },
    runner: createCommandRunner({ env: schtasks.env() }),
  });
}

function spec(overrides: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    name: NAME,
    description: "Clawd Gateway (v1.0.0)",
    programArguments: ["C:\\Program Files\\nodejs\\node.exe", "C:\\Users\\Jo Doe\\clawd\\cli.js", "gateway", "--port", "18789"],
    workingDirectory: "C:\\Users\\Jo Doe",
    environment: { PATH: "C:\\Windows\\system32;C:\\Program Files\\nodejs", CLAWD_PROFILE: "a&b" },
    stdoutPath: path.join(stateDir, "logs", "gateway.log"),
    ...overrides,
  };
}

const scriptPath = () => path.join(stateDir, "gateway.cmd");
const vbsPath = () => path.join(stateDir, "gateway-launcher.vbs");
const supervisorPath = () => path.join(stateDir, "gateway-supervisor.cjs");
const xmlPath = () => path.join(stateDir, "gateway.task.xml");
const launcherPath = () => path.join(appData, "Microsoft", "Windows", "Start Menu", "Programs", "Startup", `${NAME}.cmd`);

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "clawd-schtasks-"));
  home = path.join(root, "home");
  stateDir = path.join(home, ".clawd");
  appData = path.join(home, "AppData", "Roaming");
  mkdirSync(home, { recursive: true });
  schtasks = createFakeBin("schtasks", schtasksBehaviour(NAME));
  cmd = createFakeBin("wscript.exe", { rules: [{ argv: ["//B", "//Nologo", "*"] }] }, { dir: schtasks.dir });
  taskkill = createFakeBin("taskkill", taskkillBehaviour(), { dir: schtasks.dir });
});

afterEach(() => {
  schtasks.cleanup();
  rmSync(root, { recursive: true, force: true });
});

describe("install", () => {
  it("writes the CRLF script and creates the task from XML (a standard user may not use /SC ONLOGON), then runs it", async () => {
    const result = await service().install(spec());
    expect(result).toEqual({
      result: "installed",
      filePath: scriptPath(),
      notes: [`Installed Scheduled Task: ${NAME}`, `Task script: ${scriptPath()}`],
    });
    const text = readFileSync(scriptPath(), "utf8");
    expect(hasTaskScriptMarker(text)).toBe(true);
    expect(text).toContain('\r\nset "CLAWD_PROFILE=a&b"\r\n');
    expect(text).not.toMatch(/[^\r]\n/);
    expect(schtasks.calls()).toEqual([
      ["/Create", "/F", "/TN", NAME, "/XML", xmlPath()],
      ["/End", "/TN", NAME],
      ["/Query", "/TN", NAME, "/V", "/FO", "LIST"], // not Running: a /Run now is not dropped
      ["/Run", "/TN", NAME],
      ["/Query", "/FO", "CSV", "/NH"], // looking for the original Clawdbot's tasks
    ]);
    expect(existsSync(xmlPath())).toBe(false); // the definition file is removed after /Create
    // The task runs the script hidden: wscript with the launcher, a UTF-16 VBScript.
    const vbs = readFileSync(vbsPath());
    expect([...vbs.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(vbs.subarray(2).toString("utf16le")).toContain(`.Run """${scriptPath()}""", 0, False`);
    expect(existsSync(launcherPath())).toBe(false);
  });

  it("is idempotent while the task is registered", async () => {
    await service().install(spec());
    schtasks.clearCalls();
    expect((await service().install(spec())).result).toBe("already-installed");
    expect(schtasks.calls()).toEqual([["/Query", "/TN", NAME]]);
  });

  it("falls back to a Startup-folder launcher on Access is denied, and says so", async () => {
    schtasks.setBehaviour(schtasksBehaviour(NAME, { createDenied: true }));
    const result = await service().install(spec());
    expect(result.notes[0]).toBe("Task Scheduler refused to create the task: ERROR: Access is denied.");
    expect(result.notes[1]).toBe(`Installed a Startup-folder launcher instead: ${launcherPath()}`);
    const launcher = readFileSync(launcherPath(), "utf8");
    expect(hasTaskScriptMarker(launcher)).toBe(true);
    // As good as the task: the script starts hidden through the same launcher, under the supervisor.
    expect(launcher).toContain(`\r\nstart "" wscript.exe //B //Nologo "${vbsPath()}"\r\n`);
    expect(cmd.calls()).toEqual([["//B", "//Nologo", vbsPath()]]);
    expect(await service().status()).toMatchObject({ loaded: true, loadedText: "Startup folder", state: "unknown" });
  });

  it("takes the fallback on any other refusal too (schtasks exits 1 for all), quoting schtasks", async () => {
    schtasks.setBehaviour({
      rules: [
        { argv: ["/Create", "**"], stderr: "ERROR: Incorrect syntax.\r\n", code: 1 },
        { argv: ["/Query", "/FO", "CSV", "/NH"], stdout: "" },
        { argv: ["/Query", "**"], stderr: "ERROR: The system cannot find the file specified.\r\n", code: 1 },
      ],
    });
    const result = await service().install(spec());
    expect(result.notes[0]).toBe("Task Scheduler refused to create the task: ERROR: Incorrect syntax.");
    expect(existsSync(launcherPath())).toBe(true);
  });

  it("cuts a shell PATH longer than cmd.exe's 8,191-character line, and says what it left out", async () => {
    const longPath = Array.from({ length: 200 }, (_, i) => `C:\\Tools\\tool-${i}\\a rather long bin folder name`).join(";");
    const result = await service().install(spec({ environment: { PATH: longPath } }));
    const note = result.notes.find((n) => n.startsWith("PATH was cut"));
    expect(note).toMatch(/^PATH was cut to fit cmd.exe's 8191-character line; left out: C:\\Tools\\tool-\d+/);
    const installed = await service().readInstalled();
    expect(longPath.startsWith(installed!.environment!.PATH!)).toBe(true);
    for (const line of readFileSync(scriptPath(), "utf8").split("\r\n")) expect(line.length).toBeLessThanOrEqual(8191);
  });

  it("refuses secrets and writes nothing", async () => {
    const error = await service()
      .install(spec({ environment: { CLAWD_GATEWAY_PASSWORD: "x" } }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(existsSync(scriptPath())).toBe(false);
    expect(schtasks.calls()).toEqual([]);
  });

  it("accepts a script path longer than /TR's 261 characters (the XML has no such limit)", async () => {
    const svc = createSchtasksService({
      name: NAME,
      home,
      stateDir: path.join(root, ...Array<string>(30).fill("abcdefghi")),
      env: { APPDATA: appData, USERNAME: "jo" },
      runner: createCommandRunner({ env: schtasks.env() }),
    });
    expect((await svc.install(spec())).result).toBe("installed");
  });
});

describe("stop, start, restart", () => {
  it("stop disables and ends the task, start enables and runs it again; stop is repeatable", async () => {
    const svc = service();
    await svc.install(spec());
    schtasks.clearCalls();
    await svc.stop();
    expect(await svc.status()).toMatchObject({
      loaded: true,
      loadedText: "disabled, stopped by `clawd gateway stop`",
      state: "stopped",
      lastExitReason: "terminated by the user (schtasks /End)",
      hints: ["clawd gateway start enables the task and starts the gateway."],
    });
    await svc.stop(); // "ERROR: The task is not running." is fine
    await svc.start();
    expect(await svc.status()).toMatchObject({ loaded: true, loadedText: "registered", state: "running" });
    expect(schtasks.calls().filter((c) => c[0] !== "/Query")).toEqual([
      ["/Change", "/TN", NAME, "/DISABLE"],
      ["/End", "/TN", NAME],
      ["/Change", "/TN", NAME, "/DISABLE"],
      ["/End", "/TN", NAME],
      ["/Change", "/TN", NAME, "/ENABLE"],
      ["/Run", "/TN", NAME],
    ]);
  });

  it("a disabled task refuses /Run with Task Scheduler's own error (what start's /ENABLE is for)", async () => {
    await service().install(spec());
    await service().stop();
    const run = await createCommandRunner({ env: schtasks.env() })("schtasks", ["/Run", "/TN", NAME]);
    expect(run).toMatchObject({ code: 1, stderr: "ERROR: The task is disabled.\r\n" });
  });

  it("restart: /End, then /Run only once /Query no longer reports the ending run as Running (IgnoreNew drops it otherwise)", async () => {
    const svc = service();
    await svc.install(spec({ programArguments: ["C:\\node.exe", "C:\\cli.js", "gateway"] }));
    schtasks.clearCalls();
    await svc.restart();
    const calls = schtasks.calls().filter((c) => c[0] !== "/Query" || c.includes("/V"));
    const run = calls.findIndex((c) => c[0] === "/Run");
    const end = calls.findIndex((c) => c[0] === "/End");
    // The fake reports Running for three looks after /End; the fourth says Ready.
    expect(calls.slice(end + 1, run).filter((c) => c[0] === "/Query")).toHaveLength(4);
    expect(calls.filter((c) => c[0] !== "/Query")).toEqual([
      ["/Change", "/TN", NAME, "/DISABLE"],
      ["/End", "/TN", NAME],
      ["/Change", "/TN", NAME, "/ENABLE"],
      ["/Run", "/TN", NAME],
    ]);
    expect(schtasks.state()).toMatchObject({ running: "1" });
  });

  it("stop fails with a clear error when the task goes on reporting Running after /End", async () => {
    schtasks.setBehaviour(schtasksBehaviour(NAME, { endingQueries: 1000 }));
    const svc = createSchtasksService({
      name: NAME,
      home,
      stateDir,
      env: { APPDATA: appData, USERNAME: "jo" },
      runner: createCommandRunner({ env: schtasks.env() }),
      taskEndTimeoutMs: 300,
    });
    await svc.install(spec({ programArguments: ["C:\\node.exe", "C:\\cli.js", "gateway"] }));
    const error = await svc.stop().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).message).toBe(`Scheduled Task "${NAME}" still reports Running 0.3 s after schtasks /End; starting it now would be ignored.`);
    expect((error as ServiceError).hints).toEqual([
      `Look at it: schtasks /Query /TN "${NAME}" /V /FO LIST`,
      "End it in Task Scheduler (taskschd.msc), then run: clawd gateway start",
    ]);
  });

  it("a reinstall of the same script after stop starts the gateway again (enabled, running)", async () => {
    const svc = service();
    await svc.install(spec());
    await svc.stop();
    schtasks.clearCalls();
    const again = await svc.install(spec());
    expect(again).toMatchObject({ result: "already-installed", notes: ["The gateway was stopped (clawd gateway stop); started it again."] });
    expect(schtasks.calls().filter((c) => c[0] !== "/Query")).toEqual([
      ["/Change", "/TN", NAME, "/ENABLE"],
      ["/Run", "/TN", NAME],
    ]);
    expect(await svc.status()).toMatchObject({ loadedText: "registered", state: "running" });
    expect(existsSync(path.join(stateDir, "gateway.stopped"))).toBe(false);
  });

  it("start without a task or launcher says how to install", async () => {
    await expect(service().start()).rejects.toThrow(`Scheduled Task "${NAME}" is not installed.`);
  });

  it("in fallback mode stop ends a window left by title (and the gateway by port) and start runs the hidden launcher again", async () => {
    schtasks.setBehaviour(schtasksBehaviour(NAME, { createDenied: true }));
    const svc = service();
    await svc.install(spec());
    taskkill.clearCalls();
    cmd.clearCalls();
    await svc.stop();
    await svc.start();
    expect(taskkill.calls()).toEqual([["/F", "/T", "/FI", `WINDOWTITLE eq ${TITLE}*`]]);
    expect(cmd.calls()).toEqual([["//B", "//Nologo", vbsPath()]]);
  });
});

describe("status", () => {
  it("install and status name the original Clawdbot's gateway tasks and how to remove them", async () => {
    schtasks.setBehaviour(schtasksBehaviour(NAME, { otherTasks: ["Clawdbot Gateway", "Clawdbot Gateway (work)", "Clawdbot Node"] }));
    const hint = (n: string) =>
      `The original Clawdbot's Scheduled Task "${n}" is registered too and competes for the gateway port; remove it: schtasks /End /TN "${n}" & schtasks /Delete /F /TN "${n}"`;
    const result = await service().install(spec());
    expect(result.notes.slice(-2)).toEqual([hint("Clawdbot Gateway"), hint("Clawdbot Gateway (work)")]);
    expect((await service().status()).legacy).toEqual(
      ["Clawdbot Gateway", "Clawdbot Gateway (work)"].map((n) => ({
        name: n,
        label: "Scheduled Task",
        removeCommand: `schtasks /End /TN "${n}" & schtasks /Delete /F /TN "${n}"`,
      })),
    );
  });

  it("reads the Last Result code, not the status word", async () => {
    await service().install(spec());
    expect(await service().status()).toEqual({
      installed: true,
      loaded: true,
      loadedText: "registered",
      state: "running",
      lastExitReason: "running",
      detail: "last run 11/24/2025 9:00:01 AM",
    });
  });

  it("says missing when the task does not exist", async () => {
    expect(await service().status()).toEqual({ installed: false, loaded: false, loadedText: "missing", state: "stopped" });
  });

  it("keeps other schtasks errors as detail", async () => {
    schtasks.setBehaviour({ rules: [{ argv: ["**"], stderr: "ERROR: The Task Scheduler service is not available.\r\n", code: 1 }] });
    expect(await service().status()).toMatchObject({ state: "unknown", detail: "ERROR: The Task Scheduler service is not available." });
  });
});

describe("uninstall and readInstalled", () => {
  it("ends and deletes the task and removes only our files", async () => {
    const svc = service();
    await svc.install(spec());
    mkdirSync(path.join(stateDir, "logs"), { recursive: true });
    writeFileSync(path.join(stateDir, "logs", "gateway.log"), "log\n");
    schtasks.clearCalls();
    const result = await svc.uninstall();
    expect(result).toMatchObject({ result: "uninstalled", removed: [vbsPath(), supervisorPath(), scriptPath()] });
    expect(existsSync(supervisorPath())).toBe(false);
    expect(schtasks.calls()).toEqual([
      ["/Query", "/TN", NAME],
      ["/End", "/TN", NAME],
      ["/Delete", "/F", "/TN", NAME],
    ]);
    expect(existsSync(scriptPath())).toBe(false);
    expect(existsSync(path.join(stateDir, "logs", "gateway.log"))).toBe(true);
    expect((await svc.uninstall()).result).toBe("not-installed");
  });

  it("removes the Startup launcher it wrote, but not someone else's", async () => {
    schtasks.setBehaviour(schtasksBehaviour(NAME, { createDenied: true }));
    await service().install(spec());
    const result = await service().uninstall();
    expect(result.removed).toEqual([launcherPath(), vbsPath(), supervisorPath(), scriptPath()]);
    mkdirSync(path.dirname(launcherPath()), { recursive: true });
    writeFileSync(launcherPath(), "@echo off\r\nstart something\r\n");
    writeFileSync(scriptPath(), "@echo off\r\n");
    const again = await service().uninstall();
    expect(again.removed).toEqual([]);
    expect(existsSync(launcherPath()) && existsSync(scriptPath())).toBe(true);
  });

  it("reads the script back into the spec", async () => {
    const svc = service();
    expect(await svc.readInstalled()).toBeNull();
    const input = spec({ programArguments: ["C:\\node.exe", 'a "b" 100% ^&|<>', "C:\\trailing\\", ""] });
    await svc.install(input);
    expect(await svc.readInstalled()).toEqual({ ...input, stderrPath: input.stdoutPath });
  });
});
