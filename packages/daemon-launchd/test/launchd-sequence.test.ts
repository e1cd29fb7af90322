// Pure sequence tests: the runner is injected directly, no process is spawned.
import type { CommandResult, CommandRunner } from "@clawd/daemon";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createService } from "../src/launchd-service.js";

/** A runner that answers from `script` in order and records every call. */
function scriptedRunner(script: Array<Partial<CommandResult>>): CommandRunner & { calls: string[][] } {
  const calls: string[][] = [];
  const runner = async (command: string, args: string[]) => {
    calls.push([command, ...args]);
    const next = script.shift() ?? { code: 0 };
    return { code: 0, stdout: "", stderr: "", ...next };
  };
  return Object.assign(runner, { calls });
}

let home: string;
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), "clawd-launchd-seq-"));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe("launchd command sequences (injected runner)", () => {
  it("uses the gui/<uid> domain of the current user by default", async () => {
    const runner = scriptedRunner([{ code: 0, stdout: "gui/1/x = {\n\tstate = running\n\tpid = 9\n}\n" }]);
    const svc = createService({ name: "ai.clawd.gateway", home, stateDir: path.join(home, ".clawd"), runner });
    await svc.restart();
    const uid = process.getuid?.() ?? 501;
    expect(runner.calls).toEqual([
      ["launchctl", "print", `gui/${uid}/ai.clawd.gateway`],
      ["launchctl", "kickstart", "-k", `gui/${uid}/ai.clawd.gateway`],
    ]);
    expect(svc.filePath).toBe(path.join(home, "Library", "LaunchAgents", "ai.clawd.gateway.plist"));
    expect(svc.kind).toBe("launchd");
    expect(svc.label).toBe("LaunchAgent");
  });

  it("explains a missing GUI session when enable is refused", async () => {
    const runner = scriptedRunner([
      { code: 0 }, // bootout
      { code: 113, stderr: 'Could not find service "ai.clawd.gateway" in domain for user gui: 501\n' }, // print: gone
      { code: 125, stderr: "Could not find domain for port identifier: 0\n" }, // enable
    ]);
    const svc = createService({ name: "ai.clawd.gateway", home, stateDir: path.join(home, ".clawd"), runner });
    const spec = { name: "ai.clawd.gateway", description: "d", programArguments: ["/usr/bin/node", "cli.js"] };
    await expect(svc.install(spec)).rejects.toThrow("a LaunchAgent runs only for a user logged in at the Mac");
    expect(runner.calls.map((c) => c[1])).toEqual(["bootout", "print", "enable"]);
  });

  it("rejects labels launchd cannot use", () => {
    expect(() => createService({ name: "bad label/x", home, stateDir: home })).toThrow("Invalid launchd label");
  });
});
