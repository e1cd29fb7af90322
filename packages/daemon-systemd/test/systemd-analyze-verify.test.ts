// `systemd-analyze --user verify` needs no running manager; an unknown key or bad quoting is
// only a warning with exit 0, so stderr must be empty too.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { renderUnit } from "../src/index.js";
import { AWKWARD_ARGS } from "./awkward.js";

const HOLDER = fileURLToPath(new URL("./fixtures/holder.mjs", import.meta.url));
const hasAnalyze = spawnSync("sh", ["-c", "command -v systemd-analyze"]).status === 0;
const name = hasAnalyze
  ? "systemd-analyze --user verify accepts the rendered unit"
  : "systemd-analyze --user verify (skipped: systemd-analyze is not installed; apt-get install systemd)";

describe.skipIf(!hasAnalyze)(name, () => {
  const root = mkdtempSync(path.join(tmpdir(), "clawd-verify-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("exits 0 with an empty stderr for a unit full of awkward arguments", () => {
    const runtimeDir = path.join(root, "run");
    const workDir = path.join(root, "work dir 50%");
    mkdirSync(runtimeDir, { mode: 0o700 });
    mkdirSync(workDir);
    const unitPath = path.join(root, "clawd-verify.service");
    writeFileSync(
      unitPath,
      renderUnit({
        name: "clawd-verify",
        description: 'Clawd verify 100% (quotes " and $)',
        programArguments: [process.execPath, HOLDER, ...AWKWARD_ARGS],
        workingDirectory: workDir,
        environment: { A: 'x "y" \\z 5% $w', B: "ünï ✓" },
        environmentFile: path.join(root, "missing.env"),
        stdoutPath: path.join(root, "logs", "out.log"),
        stderrPath: path.join(root, "logs", "err.log"),
      }),
    );
    const result = spawnSync("systemd-analyze", ["--user", "verify", unitPath], {
      env: { PATH: process.env.PATH, HOME: root, XDG_RUNTIME_DIR: runtimeDir },
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("is a check that can fail: an unknown key shows up on stderr", () => {
    const runtimeDir = path.join(root, "run2");
    mkdirSync(runtimeDir, { mode: 0o700 });
    const unitPath = path.join(root, "clawd-broken.service");
    writeFileSync(unitPath, `[Service]\nType=exec\nExecStart=${process.execPath} -e 1\nNoSuchKey=1\n`);
    const result = spawnSync("systemd-analyze", ["--user", "verify", unitPath], {
      env: { PATH: process.env.PATH, HOME: root, XDG_RUNTIME_DIR: runtimeDir },
      encoding: "utf8",
    });
    expect(result.stderr).toMatch(/NoSuchKey/);
  });
});
