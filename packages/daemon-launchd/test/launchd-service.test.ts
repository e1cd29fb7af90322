// The LaunchAgent service against a fake `launchctl` on PATH that records argv and answers
// like the real tool (see launchctl-fixtures.ts). No real launchd runs on Linux.
import { closeSync, mkdtempSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { LOG_MAX_BYTES, type ServiceSpec, ServiceError, createCommandRunner } from "@clawd/daemon";
import { type FakeBin, createFakeBin } from "@clawd/test-kit/fake-bin";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BOOTOUT_POLL_MS, BOOTSTRAP_ATTEMPTS, createLaunchdService } from "../src/launchd-service.js";
import { hasLaunchAgentMarker } from "../src/launch-agent.js";
import { BOOTSTRAP_EIO, BOOTSTRAP_NO_GUI, launchctlBehaviour, notFound, printRunning } from "./launchctl-fixtures.js";

const LABEL = "ai.clawd.gateway";
const UID = 501;
const TARGET = `gui/${UID}/${LABEL}`;

let root: string;
let home: string;
let stateDir: string;
let fake: FakeBin;
let sleeps: number[];

function service(extra: { bootstrapAttempts?: number } = {}) {
  return createLaunchdService({
    name: LABEL,
    home,
    stateDir,
    uid: UID,
    runner: createCommandRunner({ env: fake.env() }),
    sleep: async (ms) => void sleeps.push(ms),
    ...extra,
  });
}

function spec(overrides: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    name: LABEL,
    description: "Clawd Gateway",
    programArguments: ["/opt/homebrew/bin/node", path.join(home, "clawd/dist/cli.js"), "gateway", "--port", "18789"],
    workingDirectory: home,
    environment: { PATH: "/opt/homebrew/bin:/usr/bin:/bin", CLAWD_STATE_DIR: stateDir },
    stdoutPath: path.join(stateDir, "logs", "gateway.log"),
    stderrPath: path.join(stateDir, "logs", "gateway.err.log"),
    ...overrides,
  };
}

const plistPath = () => path.join(home, "Library", "LaunchAgents", `${LABEL}.plist`);

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "clawd-launchd-"));
  home = path.join(root, "home");
  stateDir = path.join(home, ".clawd");
  mkdirSync(home, { recursive: true });
  fake = createFakeBin("launchctl", launchctlBehaviour(LABEL, UID, { plistPath: plistPath() }));
  sleeps = [];
});

afterEach(() => {
  fake.cleanup();
  rmSync(root, { recursive: true, force: true });
});

describe("install", () => {
  it("writes a 0644 plist with the marker, then bootout → enable → bootstrap → kickstart -k", async () => {
    const result = await service().install(spec());
    expect(result).toEqual({
      result: "installed",
      filePath: plistPath(),
      notes: [
        `Installed LaunchAgent: ${plistPath()}`,
        `Logs: ${path.join(stateDir, "logs", "gateway.log")}`,
        `Errors: ${path.join(stateDir, "logs", "gateway.err.log")}`,
      ],
    });
    expect(statSync(plistPath()).mode & 0o777).toBe(0o644);
    expect(hasLaunchAgentMarker(readFileSync(plistPath(), "utf8"))).toBe(true);
    expect(statSync(path.join(stateDir, "logs")).isDirectory()).toBe(true);
    expect(fake.calls()).toEqual([
      ["bootout", TARGET],
      ["print", TARGET],
      ["enable", TARGET],
      ["bootstrap", `gui/${UID}`, plistPath()],
      ["kickstart", "-k", TARGET],
    ]);
    expect(fake.state().loaded).toBe("1");
  });

  it("after bootout, waits until launchctl print no longer shows the job, then bootstraps once", async () => {
    fake.setBehaviour(launchctlBehaviour(LABEL, UID, { loaded: true, plistPath: plistPath() }));
    await service().install(spec(), { force: true });
    expect(fake.calls()).toEqual([
      ["bootout", TARGET],
      ["print", TARGET], // still tearing down
      ["print", TARGET],
      ["print", TARGET],
      ["print", TARGET], // gone
      ["enable", TARGET],
      ["bootstrap", `gui/${UID}`, plistPath()],
      ["kickstart", "-k", TARGET],
    ]);
    expect(sleeps).toEqual([BOOTOUT_POLL_MS, BOOTOUT_POLL_MS, BOOTOUT_POLL_MS]);
  });

  it("a job that never goes away after bootout is an error, not a success", async () => {
    fake.setBehaviour(launchctlBehaviour(LABEL, UID, { loaded: true, plistPath: plistPath(), teardownPrints: 100 }));
    const svc = createLaunchdService({
      name: LABEL,
      home,
      stateDir,
      uid: UID,
      runner: createCommandRunner({ env: fake.env() }),
      sleep: async () => {},
      bootoutWaitMs: 1000,
      bootoutPollMs: 250,
    });
    await expect(svc.install(spec(), { force: true })).rejects.toThrow(`launchd still shows ${TARGET} 1000 ms after bootout.`);
    expect(fake.calls().filter((c) => c[0] === "bootstrap")).toEqual([]);
  });

  it("is idempotent: the same spec while loaded only asks launchctl print", async () => {
    await service().install(spec());
    fake.clearCalls();
    const again = await service().install(spec());
    expect(again.result).toBe("already-installed");
    expect(fake.calls()).toEqual([["print", TARGET]]);
  });

  it("rewrites a changed spec without --force", async () => {
    await service().install(spec());
    fake.clearCalls();
    const changed = await service().install(spec({ programArguments: ["/usr/local/bin/node", "/x/cli.js", "gateway"] }));
    expect(changed.result).toBe("installed");
    expect(readFileSync(plistPath(), "utf8")).toContain("<string>/usr/local/bin/node</string>");
    expect(fake.calls().map((c) => c[0])).toEqual(["bootout", "print", "print", "print", "print", "enable", "bootstrap", "kickstart"]);
  });

  it("fills in a PATH and default log files when the spec has none", async () => {
    await service().install(spec({ environment: {}, stdoutPath: undefined, stderrPath: undefined }));
    const installed = await service().readInstalled();
    expect(installed?.environment?.PATH).toBe("/opt/homebrew/bin:/opt/homebrew/bin:/usr/local/bin:/usr/bin:/bin");
    expect(installed?.stdoutPath).toBe(path.join(stateDir, "logs", "gateway.log"));
    expect(installed?.stderrPath).toBe(path.join(stateDir, "logs", "gateway.err.log"));
  });

  it.each([
    ["a token in the environment", { environment: { CLAWD_GATEWAY_TOKEN: "s3cret" } }, "CLAWD_GATEWAY_TOKEN"],
    ["a password flag", { programArguments: ["/bin/node", "cli.js", "gateway", "--password=x"] }, "--password"],
  ])("refuses %s and writes nothing", async (_name, overrides, word) => {
    const error = await service()
      .install(spec(overrides))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).message).toContain(word);
    expect((error as ServiceError).hints.join("\n")).toContain("0600");
    expect(existsSync(plistPath())).toBe(false);
    expect(fake.calls()).toEqual([]);
  });

  it("refuses a relative program path", async () => {
    await expect(service().install(spec({ programArguments: ["node", "cli.js"] }))).rejects.toThrow("absolute path");
  });

  it("refuses a spec for another label", async () => {
    await expect(service().install(spec({ name: "other" }))).rejects.toThrow("this service manages ai.clawd.gateway");
  });

  it("does not overwrite a plist it did not write unless forced", async () => {
    mkdirSync(path.dirname(plistPath()), { recursive: true });
    writeFileSync(plistPath(), "<plist/>");
    await expect(service().install(spec())).rejects.toThrow("was not written by Clawd");
    expect(readFileSync(plistPath(), "utf8")).toBe("<plist/>");
    await service().install(spec(), { force: true });
    expect(hasLaunchAgentMarker(readFileSync(plistPath(), "utf8"))).toBe(true);
  });

  it("explains a missing GUI session (ssh-only login)", async () => {
    fake.setBehaviour({ rules: [{ argv: ["bootstrap", "**"], ...BOOTSTRAP_NO_GUI }, { argv: ["print", TARGET], ...notFound(LABEL, UID) }, { argv: ["**"] }] });
    const error = (await service()
      .install(spec())
      .catch((e: unknown) => e)) as ServiceError;
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.message).toMatch(/GUI session gui\/501.*logged in at the Mac/);
    expect(error.hints.join("\n")).toContain(`sudo launchctl asuser 501 launchctl bootstrap gui/501 ${plistPath()}`);
    expect(error.hints.join("\n")).toContain("clawd gateway");
  });

  it(`gives up after ${BOOTSTRAP_ATTEMPTS} Input/output errors and says how to recover`, async () => {
    fake.setBehaviour({
      rules: [{ argv: ["bootstrap", "**"], ...BOOTSTRAP_EIO }, { argv: ["print", TARGET], ...notFound(LABEL, UID) }, { argv: ["**"] }],
    });
    const error = (await service()
      .install(spec())
      .catch((e: unknown) => e)) as ServiceError;
    expect(error.message).toContain("5: Input/output error");
    expect(error.hints.join("\n")).toContain(`plutil -lint ${plistPath()}`);
    expect(fake.calls().filter((c) => c[0] === "bootstrap")).toHaveLength(BOOTSTRAP_ATTEMPTS);
    expect(sleeps).toHaveLength(BOOTSTRAP_ATTEMPTS - 1);
  });

  // bootstrap says 5: Input/output error, and then print shows a job loaded from `loadedFrom`.
  const alreadyLoaded = (loadedFrom: string) => ({
    rules: [
      { argv: ["bootstrap", "**"], ...BOOTSTRAP_EIO, set: { loaded: "1" } },
      { argv: ["print", TARGET], when: { loaded: "1" }, stdout: printRunning(LABEL, UID, 4242, loadedFrom) },
      { argv: ["print", TARGET], ...notFound(LABEL, UID) },
      { argv: ["**"] },
    ],
  });

  it("treats Input/output error as success when the loaded job is our plist", async () => {
    fake.setBehaviour(alreadyLoaded(plistPath()));
    await expect(service({ bootstrapAttempts: 2 }).install(spec())).resolves.toMatchObject({ result: "installed" });
  });

  it("does not when the loaded job comes from another plist", async () => {
    fake.setBehaviour(alreadyLoaded("/Users/me/Library/LaunchAgents/old-copy.plist"));
    await expect(service({ bootstrapAttempts: 2 }).install(spec())).rejects.toThrow("5: Input/output error");
  });

  it("reports a launchctl that cannot run", async () => {
    const svc = createLaunchdService({ name: LABEL, home, stateDir, uid: UID, launchctl: path.join(root, "missing") });
    await expect(svc.install(spec())).rejects.toThrow("launchctl could not be run");
  });
});

describe("stop and start", () => {
  it("stop lasts across a login: launchd's own bootstrap at login finds the job disabled, until start", async () => {
    const svc = service();
    await svc.install(spec());
    await svc.stop();
    // At login launchd bootstraps every plist in ~/Library/LaunchAgents that is not disabled.
    const login = await createCommandRunner({ env: fake.env() })("launchctl", ["bootstrap", `gui/${UID}`, plistPath()]);
    expect(login).toMatchObject({ code: 119, stderr: expect.stringContaining("Service is disabled") });
    expect(await svc.status()).toMatchObject({ loaded: false, state: "stopped" });
    await svc.start();
    expect(await svc.status()).toMatchObject({ loaded: true, state: "running" });
  });

  it("status keeps the number of `last exit code = 78: EX_CONFIG` in a crash loop", async () => {
    fake.setBehaviour(launchctlBehaviour(LABEL, UID, { loaded: true, plistPath: plistPath(), crashLoop: true }));
    await service()
      .install(spec(), { force: true })
      .catch(() => undefined);
    fake.setBehaviour(launchctlBehaviour(LABEL, UID, { loaded: true, plistPath: plistPath(), crashLoop: true }));
    expect(await service().status()).toMatchObject({ loaded: true, state: "stopped", lastExitStatus: 78, detail: "launchd state: spawn scheduled" });
  });

  it("stop boots the job out, and start loads it again (the upstream bug)", async () => {
    const svc = service();
    await svc.install(spec());
    fake.clearCalls();

    await svc.stop();
    expect(fake.calls()).toEqual([["disable", TARGET], ["bootout", TARGET], ...Array(4).fill(["print", TARGET])]);
    expect(await svc.status()).toMatchObject({ installed: true, loaded: false, loadedText: "not loaded", state: "stopped" });

    fake.clearCalls();
    await svc.start();
    expect(fake.calls()).toEqual([
      ["print", TARGET],
      ["enable", TARGET],
      ["bootstrap", `gui/${UID}`, plistPath()],
      ["kickstart", TARGET],
    ]);
    expect(await svc.status()).toMatchObject({ loaded: true, state: "running", pid: 4242 });

    // …and it is stoppable again.
    await svc.stop();
    expect(fake.state().loaded).toBeUndefined();
  });

  it("stop of a job that is not loaded is fine (No such process / Could not find service)", async () => {
    await expect(service().stop()).resolves.toBeUndefined();
    fake.setBehaviour({
      rules: [{ argv: ["disable", TARGET] }, { argv: ["bootout", TARGET], ...notFound(LABEL, UID) }, { argv: ["print", TARGET], ...notFound(LABEL, UID) }],
    });
    await expect(service().stop()).resolves.toBeUndefined();
  });

  it("stop reports other bootout failures", async () => {
    fake.setBehaviour({
      rules: [
        { argv: ["disable", TARGET] },
        { argv: ["bootout", TARGET], stderr: "Boot-out failed: 1: Operation not permitted\n", code: 1 },
        { argv: ["print", TARGET], ...notFound(LABEL, UID) },
      ],
    });
    await expect(service().stop()).rejects.toThrow("launchctl bootout gui/501/ai.clawd.gateway failed: Boot-out failed: 1");
  });

  it("start of a loaded job only kickstarts it", async () => {
    fake.setBehaviour(launchctlBehaviour(LABEL, UID, { loaded: true, plistPath: plistPath() }));
    await service().start();
    expect(fake.calls()).toEqual([
      ["print", TARGET],
      ["kickstart", TARGET],
    ]);
  });

  it("start without a plist says how to install", async () => {
    const error = (await service()
      .start()
      .catch((e: unknown) => e)) as ServiceError;
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.message).toContain("not installed");
    expect(error.hints).toEqual(["Install it with: clawd gateway install"]);
  });

  it("restart kickstarts -k a loaded job and loads a stopped one", async () => {
    const svc = service();
    await svc.install(spec());
    fake.clearCalls();
    await svc.restart();
    expect(fake.calls()).toEqual([
      ["print", TARGET],
      ["kickstart", "-k", TARGET],
    ]);
    await svc.stop();
    fake.clearCalls();
    await svc.restart();
    expect(fake.calls().map((c) => c[0])).toEqual(["print", "print", "enable", "bootstrap", "kickstart"]);
    expect(fake.state().loaded).toBe("1");
  });
});

describe("status", () => {
  it("reads pid and state from the top level of launchctl print", async () => {
    await service().install(spec());
    expect(await service().status()).toEqual({
      installed: true,
      loaded: true,
      loadedText: "loaded",
      state: "running",
      pid: 4343, // install's kickstart -k replaced the process bootstrap started
      lastExitStatus: 1,
    });
  });

  it("says not installed and not loaded on a fresh machine", async () => {
    expect(await service().status()).toEqual({ installed: false, loaded: false, loadedText: "not loaded", state: "stopped" });
  });

  it("flags a label that is loaded although its plist is gone", async () => {
    fake.setBehaviour(launchctlBehaviour(LABEL, UID, { loaded: true, plistPath: plistPath() }));
    const status = await service().status();
    expect(status).toMatchObject({ installed: false, loaded: true });
    expect(status.detail).toContain(`launchctl bootout ${TARGET}`);
  });

  it("explains a missing GUI session instead of guessing", async () => {
    fake.setBehaviour({ rules: [{ argv: ["print", "**"], stderr: "Could not find domain for port identifier: 0\n", code: 125 }] });
    const status = await service().status();
    expect(status).toMatchObject({ loaded: false, state: "unknown" });
    expect(status.detail).toContain("logged in at the Mac");
  });
});

describe("uninstall and readInstalled", () => {
  it("boots out and removes only our plist, leaving logs alone", async () => {
    const svc = service();
    await svc.install(spec());
    writeFileSync(path.join(stateDir, "logs", "gateway.log"), "hello\n");
    fake.clearCalls();
    const result = await svc.uninstall();
    const supervisor = path.join(stateDir, "gateway-supervisor.cjs");
    expect(result).toEqual({
      result: "uninstalled",
      removed: [plistPath(), supervisor],
      notes: [`Removed LaunchAgent: ${plistPath()}`, `Removed gateway supervisor: ${supervisor}`],
    });
    expect(fake.calls()).toEqual([["bootout", TARGET]]);
    expect(existsSync(plistPath())).toBe(false);
    expect(readFileSync(path.join(stateDir, "logs", "gateway.log"), "utf8")).toBe("hello\n");
    expect(await svc.uninstall()).toMatchObject({ result: "not-installed", removed: [] });
  });

  it("leaves a plist it did not write", async () => {
    mkdirSync(path.dirname(plistPath()), { recursive: true });
    writeFileSync(plistPath(), "<plist/>");
    const result = await service().uninstall();
    expect(result.removed).toEqual([]);
    expect(result.notes.join("\n")).toContain("not written by Clawd");
    expect(existsSync(plistPath())).toBe(true);
  });

  it("reads the installed plist back into the spec", async () => {
    const svc = service();
    expect(await svc.readInstalled()).toBeNull();
    const input = spec({ programArguments: ["/opt/node", "/a b/c\"d'e%f$g\\", ""] });
    await svc.install(input);
    expect(await svc.readInstalled()).toEqual(input);
  });

  it("says how to repair an unreadable plist", async () => {
    mkdirSync(path.dirname(plistPath()), { recursive: true });
    writeFileSync(plistPath(), "<plist><dict>");
    await expect(service().readInstalled()).rejects.toThrow(`Cannot read ${plistPath()}`);
  });
});

describe("logs that cannot fill the disk", () => {
  it("the agent runs the gateway under the supervisor, which writes the logs rotating; launchd appends only to a small file", async () => {
    await service().install(spec());
    const plist = readFileSync(plistPath(), "utf8");
    const supervisor = path.join(stateDir, "gateway-supervisor.cjs");
    const log = path.join(stateDir, "logs", "gateway.log");
    const errLog = path.join(stateDir, "logs", "gateway.err.log");
    const args = [...plist.matchAll(/<string>([^<]*)<\/string>/g)].map((m) => m[1]);
    const start = args.indexOf("/opt/homebrew/bin/node");
    expect(args.slice(start, start + 8)).toEqual(["/opt/homebrew/bin/node", supervisor, "--stdout", log, "--stderr", errLog, "--", "/opt/homebrew/bin/node"]);
    expect(plist).toMatch(new RegExp(`<key>StandardOutPath</key>\\s*<string>${path.join(stateDir, "logs", "gateway.launchd.log")}</string>`));
    expect(readFileSync(supervisor, "utf8")).toContain("clawd-service: written by @clawd/daemon (gateway supervisor)");
    // What callers see is still the gateway's own spec.
    expect(await service().readInstalled()).toEqual(spec());
  });

  it("the installed supervisor caps gateway.launchd.log (launchd appends to it at each restart) at LOG_MAX_BYTES", async () => {
    await service().install(spec());
    const launchdLog = path.join(stateDir, "logs", "gateway.launchd.log");
    writeFileSync(launchdLog, `earlier crash\n${"x".repeat(LOG_MAX_BYTES)}\n`);
    const fd = openSync(launchdLog, "a");
    const run = spawnSync(process.execPath, [path.join(stateDir, "gateway-supervisor.cjs"), "--", process.execPath, "-e", "0"], { stdio: ["ignore", fd, fd] });
    closeSync(fd);
    expect(run.status).toBe(0);
    expect(readFileSync(`${launchdLog}.1`, "utf8").startsWith("earlier crash\n")).toBe(true);
    expect(statSync(launchdLog).size).toBeLessThan(LOG_MAX_BYTES);
  });
});

describe("the original Clawdbot's LaunchAgents", () => {
  it("install and status name a legacy gateway agent and how to remove it (com.clawdbot.node is not one)", async () => {
    const agents = path.join(home, "Library", "LaunchAgents");
    mkdirSync(agents, { recursive: true });
    for (const label of ["com.clawdbot.gateway", "com.steipete.clawdbot.gateway", "com.clawdbot.node", "com.other.app"]) {
      writeFileSync(path.join(agents, `${label}.plist`), "<plist/>");
    }
    const result = await service().install(spec());
    const legacy = result.notes.filter((n) => n.startsWith("The original Clawdbot's LaunchAgent"));
    expect(legacy).toEqual([
      `The original Clawdbot's LaunchAgent com.clawdbot.gateway is installed too and competes for the gateway port; remove it: launchctl bootout gui/${UID}/com.clawdbot.gateway; rm "${path.join(agents, "com.clawdbot.gateway.plist")}"`,
      `The original Clawdbot's LaunchAgent com.steipete.clawdbot.gateway is installed too and competes for the gateway port; remove it: launchctl bootout gui/${UID}/com.steipete.clawdbot.gateway; rm "${path.join(agents, "com.steipete.clawdbot.gateway.plist")}"`,
    ]);
    expect((await service().status()).legacy).toEqual(
      ["com.clawdbot.gateway", "com.steipete.clawdbot.gateway"].map((label) => ({
        name: label,
        label: "LaunchAgent",
        file: path.join(agents, `${label}.plist`),
        removeCommand: `launchctl bootout gui/${UID}/${label}; rm "${path.join(agents, `${label}.plist`)}"`,
      })),
    );
  });
});
