// A German Windows: schtasks says "FEHLER: …" and "Zugriff verweigert". Nothing may depend on
// the English wording: missing tasks, refusals and "not running" are decided by exit codes
// and the task list (whose task paths are not translated).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ServiceSpec, createCommandRunner } from "@clawd/daemon";
import { type FakeBin, createFakeBin } from "@clawd/test-kit/fake-bin";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sandboxService } from "./sandbox-service.js";
import { schtasksBehaviour, taskkillBehaviour } from "./schtasks-fixtures.js";

const NAME = "Clawd Gateway";
let root: string;
let schtasks: FakeBin;
let cmd: FakeBin;

const service = () => sandboxService(root, NAME, schtasks);

const spec: ServiceSpec = { name: NAME, description: "Clawd Gateway", programArguments: ["C:\\node.exe", "C:\\cli.js", "gateway"] };

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "clawd-schtasks-de-"));
  mkdirSync(path.join(root, "home"), { recursive: true });
  schtasks = createFakeBin("schtasks", schtasksBehaviour(NAME, { language: "de" }));
  cmd = createFakeBin("wscript.exe", { rules: [{ argv: ["//B", "//Nologo", "*"] }] }, { dir: schtasks.dir });
  createFakeBin("taskkill", taskkillBehaviour(), { dir: schtasks.dir });
});

afterEach(() => {
  schtasks.cleanup();
  rmSync(root, { recursive: true, force: true });
});

describe("schtasks in German", () => {
  it("a missing task is missing: status, stop and uninstall do not throw, start says how to install", async () => {
    const svc = service();
    expect(await svc.status()).toEqual({ installed: false, loaded: false, loadedText: "missing", state: "stopped" });
    await expect(svc.stop()).resolves.toBeUndefined();
    expect((await svc.uninstall()).result).toBe("not-installed");
    await expect(svc.start()).rejects.toThrow(`Scheduled Task "${NAME}" is not installed.`);
  });

  it("'FEHLER: Zugriff verweigert' takes the Startup-folder fallback", async () => {
    schtasks.setBehaviour(schtasksBehaviour(NAME, { language: "de", createDenied: true }));
    const result = await service().install(spec);
    expect(result.notes[0]).toBe("Task Scheduler refused to create the task: FEHLER: Zugriff verweigert");
    expect(cmd.calls()).toHaveLength(1);
  });

  it("install, stop twice (the second /End says 'wird zurzeit nicht ausgeführt'), start, uninstall", async () => {
    const svc = service();
    await svc.install(spec);
    await svc.stop();
    await svc.stop();
    await svc.start();
    expect(await svc.status()).toMatchObject({ loaded: true, state: "running" });
    expect((await svc.uninstall()).result).toBe("uninstalled");
    expect(await svc.status()).toMatchObject({ loaded: false, loadedText: "missing" });
  });

  it("stop disables the task: status reads 'Deaktiviert', and /Run is refused with the German message", async () => {
    const svc = service();
    await svc.install(spec);
    await svc.stop();
    expect(await svc.status()).toMatchObject({ loaded: true, loadedText: "disabled, stopped by `clawd gateway stop`", state: "stopped" });
    const run = await createCommandRunner({ env: schtasks.env() })("schtasks", ["/Run", "/TN", NAME]);
    expect(run).toMatchObject({ code: 1, stderr: "FEHLER: Die Aufgabe ist deaktiviert.\r\n" });
    await svc.start();
    expect(await svc.status()).toMatchObject({ loadedText: "registered", state: "running" });
  });
});
