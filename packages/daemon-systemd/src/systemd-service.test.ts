// Command sequences and file handling against a fake `systemctl` (the real manager is in
// test/systemd-e2e.test.ts). Each test gets its own temp home.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ServiceSpec } from "@clawd/daemon";
import { ServiceError } from "@clawd/daemon";
import { createFakeBin, type FakeBehaviour, type FakeBin } from "@clawd/test-kit/fake-bin";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createService, unitName } from "./systemd-service.js";
import { renderUnit } from "./unit.js";

const UNIT = "clawd-gateway.service";
const SHOW = [
  "show",
  UNIT,
  "-p",
  "LoadState,ActiveState,SubState,MainPID,ExecMainStatus,ExecMainCode,UnitFileState,Result,NRestarts,RestartUSec,StateChangeTimestampMonotonic",
];
const enabledRunning =
  "LoadState=loaded\nActiveState=active\nSubState=running\nMainPID=77\nExecMainStatus=0\nExecMainCode=0\nUnitFileState=enabled\nResult=success\n";

/** A systemctl that has a user manager and succeeds at everything, remembering `enable`. */
const healthy: FakeBehaviour = {
  rules: [
    { argv: ["--user", "show", "-p", "SystemState", "--value"], stdout: "running\n" },
    { argv: ["--user", ...SHOW], when: { enabled: "yes" }, stdout: enabledRunning },
    { argv: ["--user", ...SHOW], stdout: "LoadState=not-found\nActiveState=inactive\nUnitFileState=\n" },
    { argv: ["--user", "enable", UNIT], set: { enabled: "yes" } },
    { argv: ["--user", "disable", "--now", UNIT], set: { enabled: null } },
    { argv: ["--user", "**"] },
  ],
};

let home: string;
let fake: FakeBin | undefined;
const spec: ServiceSpec = {
  name: "clawd-gateway",
  description: "Clawd Gateway",
  programArguments: ["/usr/bin/node", "/opt/clawd/cli.js", "gateway", "--port", "18789"],
};

function service(behaviour: FakeBehaviour = healthy) {
  fake?.cleanup();
  fake = createFakeBin("systemctl", behaviour);
  return createService({ name: "clawd-gateway", home, stateDir: path.join(home, ".clawd"), env: fake.env({ PATH: "/usr/bin:/bin" }) });
}
const calls = () => (fake as FakeBin).calls().map((argv) => argv.join(" "));

beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), "clawd-systemd-home-"));
});
afterEach(() => {
  fake?.cleanup();
  rmSync(home, { recursive: true, force: true });
});

describe("createService", () => {
  it("hints name the caller's profile through commandHint (default: clawd <command>)", async () => {
    fake?.cleanup();
    fake = createFakeBin("systemctl", healthy);
    const work = createService({
      name: "clawd-gateway-work",
      home,
      stateDir: path.join(home, ".clawd-work"),
      env: fake.env({ PATH: "/usr/bin:/bin" }),
      commandHint: (c) => `clawd --profile work ${c}`,
    });
    await expect(work.start()).rejects.toMatchObject({ name: "ServiceError", hints: ["Install it with: clawd --profile work gateway install"] });
    await expect(service().start()).rejects.toMatchObject({ hints: ["Install it with: clawd gateway install"] });
  });

  it("names the unit and its file", () => {
    const svc = service();
    expect(svc).toMatchObject({ kind: "systemd", label: "systemd", filePath: path.join(home, ".config/systemd/user", UNIT) });
    expect(unitName("x.service")).toBe("x.service");
    expect(() => unitName("bad name/..")).toThrow(ServiceError);
  });
});

describe("install", () => {
  it("writes the unit, then daemon-reload, enable, restart", async () => {
    const svc = service();
    const result = await svc.install(spec);
    expect(result).toEqual({ result: "installed", filePath: svc.filePath, notes: [`Installed systemd service: ${svc.filePath}`] });
    expect(readFileSync(svc.filePath, "utf8")).toBe(renderUnit(spec));
    expect(calls()).toEqual(["--user show -p SystemState --value", "--user daemon-reload", `--user enable ${UNIT}`, `--user restart ${UNIT}`]);
  });

  it("is idempotent: same unit and enabled → already-installed without touching systemd", async () => {
    const svc = service();
    await svc.install(spec);
    fake?.clearCalls();
    expect((await svc.install(spec)).result).toBe("already-installed");
    expect(calls()).toEqual(["--user show -p SystemState --value", `--user ${SHOW.join(" ")}`]);
    fake?.clearCalls();
    expect((await svc.install(spec, { force: true })).result).toBe("installed");
    expect(calls()).toContain(`--user restart ${UNIT}`);
  });

  it("creates the log directory systemd will append to", async () => {
    const svc = service();
    const stdoutPath = path.join(home, ".clawd", "logs", "gateway.log");
    await svc.install({ ...spec, stdoutPath });
    expect(existsSync(path.dirname(stdoutPath))).toBe(true);
  });

  it("refuses to overwrite a unit it did not write unless forced", async () => {
    const svc = service();
    mkdirSync(path.dirname(svc.filePath), { recursive: true });
    writeFileSync(svc.filePath, "[Service]\nExecStart=/bin/true\n");
    await expect(svc.install(spec)).rejects.toThrow(/exists and was not written by Clawd\./);
    expect(readFileSync(svc.filePath, "utf8")).toBe("[Service]\nExecStart=/bin/true\n");
    const forced = await svc.install(spec, { force: true });
    expect(forced.notes[0]).toMatch(/^Replaced .* which was not written by Clawd\.$/);
  });

  it("stops before writing anything when there is no user bus", async () => {
    const svc = service({ rules: [{ argv: ["**"], stderr: "Failed to connect to bus: No medium found\n", code: 1 }] });
    const attempt = svc.install(spec);
    await expect(attempt).rejects.toBeInstanceOf(ServiceError);
    await expect(attempt).rejects.toThrow("systemd user services are unavailable: Failed to connect to bus: No medium found");
    expect(existsSync(svc.filePath)).toBe(false);
  });

  it("names the failing systemctl command and where to look", async () => {
    const svc = service({
      rules: [
        { argv: ["--user", "restart", UNIT], stderr: "Job for clawd-gateway.service failed because the control process exited with error code.\n", code: 1 },
        ...healthy.rules,
      ],
    });
    const attempt = svc.install({ ...spec, stdoutPath: "/tmp/clawd-nonexistent-logs/gateway.log" });
    await expect(attempt).rejects.toMatchObject({
      message: `systemctl --user restart ${UNIT} failed: Job for clawd-gateway.service failed because the control process exited with error code.`,
      hints: ["Logs: /tmp/clawd-nonexistent-logs/gateway.log", `Details: systemctl --user status ${UNIT}`],
    });
    rmSync("/tmp/clawd-nonexistent-logs", { recursive: true, force: true });
  });

  it.each([
    ["a token in the environment", { environment: { CLAWD_GATEWAY_TOKEN: "s3cret" } }, "CLAWD_GATEWAY_TOKEN"],
    ["a password flag", { programArguments: ["/usr/bin/node", "/opt/clawd/cli.js", "gateway", "--password=x"] }, "--password"],
  ])("refuses %s and writes nothing", async (_name, overrides, word) => {
    const svc = service();
    const error = await svc.install({ ...spec, ...overrides }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).message).toContain(word);
    expect((error as ServiceError).hints.join("\n")).toContain("0600");
    expect(existsSync(svc.filePath)).toBe(false);
    expect(calls()).toEqual([]);
  });

  it("rejects a spec for another service", async () => {
    await expect(service().install({ ...spec, name: "other" })).rejects.toThrow(/this service is clawd-gateway.service/);
  });
});

describe("uninstall", () => {
  it("disables, removes our file, reloads", async () => {
    const svc = service();
    await svc.install(spec);
    fake?.clearCalls();
    expect(await svc.uninstall()).toEqual({
      result: "uninstalled",
      removed: [svc.filePath],
      notes: [`Removed systemd service: ${svc.filePath}`],
    });
    expect(existsSync(svc.filePath)).toBe(false);
    expect(calls()).toEqual(["--user show -p SystemState --value", `--user disable --now ${UNIT}`, "--user daemon-reload", `--user reset-failed ${UNIT}`]);
  });

  it("leaves a unit it did not write alone", async () => {
    const svc = service();
    mkdirSync(path.dirname(svc.filePath), { recursive: true });
    writeFileSync(svc.filePath, "[Service]\nExecStart=/bin/true\n");
    // One rule with launchd and schtasks: left in place with a note, never an error.
    const result = await svc.uninstall();
    expect(result).toMatchObject({ result: "not-installed", removed: [] });
    expect(result.notes[0]).toBe(`Left ${svc.filePath} in place: it was not written by Clawd.`);
    expect(existsSync(svc.filePath)).toBe(true);
    expect(calls()).toEqual([]);
  });

  it("reports not-installed when there is no file", async () => {
    expect(await service().uninstall()).toMatchObject({ result: "not-installed", removed: [] });
  });

  it("removes the file even without a user bus, and says so", async () => {
    const svc = service();
    await svc.install(spec);
    fake?.setBehaviour({ rules: [{ argv: ["**"], stderr: "Failed to connect to bus: No such file or directory\n", code: 1 }] });
    const result = await svc.uninstall();
    expect(result.result).toBe("uninstalled");
    expect(result.notes[0]).toMatch(/unavailable: Failed to connect to bus.*removed the unit file only/);
    expect(existsSync(svc.filePath)).toBe(false);
  });
});

describe("start, stop, restart, status", () => {
  it("map to systemctl start/stop/restart", async () => {
    const svc = service();
    await svc.install(spec);
    fake?.clearCalls();
    await svc.stop();
    await svc.start();
    await svc.restart();
    expect(calls().filter((c) => !c.includes("SystemState"))).toEqual([`--user stop ${UNIT}`, `--user start ${UNIT}`, `--user restart ${UNIT}`]);
  });

  it("start and restart say how to install when nothing is installed", async () => {
    await expect(service().start()).rejects.toMatchObject({ hints: ["Install it with: clawd gateway install"] });
    await expect(service().restart()).rejects.toThrow(/is not installed/);
  });

  it("status combines the file and systemctl show", async () => {
    const svc = service();
    expect(await svc.status()).toMatchObject({ installed: false, loaded: false, state: "stopped" });
    await svc.install(spec);
    expect(await svc.status()).toEqual({ installed: true, loaded: true, loadedText: "enabled", state: "running", pid: 77 });
  });

  it("status is unknown, with hints, without a user bus", async () => {
    const svc = service({ rules: [{ argv: ["**"], stderr: "Failed to connect to bus: No medium found\n", code: 1 }] });
    const status = await svc.status();
    expect(status).toMatchObject({ installed: false, loaded: false, loadedText: "unknown", state: "unknown" });
    expect(status.detail).toBe("systemd user services are unavailable: Failed to connect to bus: No medium found");
    expect(status.hints).toContain("Check with: systemctl --user status");
  });

  it("readInstalled is null without a file and the spec with one", async () => {
    const svc = service();
    expect(await svc.readInstalled()).toBeNull();
    await svc.install(spec);
    expect(await svc.readInstalled()).toEqual(spec);
  });
});

describe("the original Clawdbot's gateway units", () => {
  it("status names clawdbot-gateway[-<profile>].service with how to remove them, and leaves them alone (clawdbot-node is not one)", async () => {
    const dir = path.join(home, ".config", "systemd", "user");
    mkdirSync(dir, { recursive: true });
    for (const name of ["clawdbot-gateway.service", "clawdbot-gateway-work.service", "clawdbot-node.service", "clawd-gateway.service.bak"]) {
      writeFileSync(path.join(dir, name), "[Service]\nExecStart=/usr/bin/node gateway\n");
    }
    const status = await service().status();
    expect(status.legacy).toEqual(
      ["clawdbot-gateway-work.service", "clawdbot-gateway.service"].map((name) => ({
        name,
        label: "systemd unit",
        file: path.join(dir, name),
        removeCommand: `systemctl --user disable --now ${name} && rm "${path.join(dir, name)}" && systemctl --user daemon-reload`,
      })),
    );
    expect(existsSync(path.join(dir, "clawdbot-gateway.service"))).toBe(true);
    expect(calls().some((c) => c.includes("clawdbot"))).toBe(false);
  });

  it("status has no legacy entry when there is none", async () => {
    expect((await service().status()).legacy).toBeUndefined();
  });
});
