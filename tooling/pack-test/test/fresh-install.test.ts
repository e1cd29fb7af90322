// The README's install step, as a new user runs it: `pnpm install --frozen-lockfile` in a
// fresh copy of this working tree (its tracked and new files, none of the ignored ones: no
// node_modules, no dist) prints no warning a user would have to learn to ignore (issue 14).
// `--offline` takes every package from the store the workspace was installed from, so the
// test needs no network and fails loudly if the lockfile asks for something new.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const repo = join(import.meta.dirname, "..", "..", "..");
const work = mkdtempSync(join(tmpdir(), "clawd-fresh-install-"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The environment of a user's shell: no npm_* / pnpm_* variables of the `pnpm test` that runs us. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (k !== "NODE_PATH" && !/^npm_|^PNPM_/i.test(k)) env[k] = v;
  return env;
}

/** Every workspace project's package.json (root, packages/*, tooling/*, examples/*, bench). */
function workspaceManifests(): string[] {
  const files = [join(repo, "package.json"), join(repo, "bench", "package.json")];
  for (const group of ["packages", "tooling", "examples"]) {
    for (const name of readdirSync(join(repo, group))) {
      const file = join(repo, group, name, "package.json");
      if (existsSync(file)) files.push(file);
    }
  }
  return files;
}

describe("a fresh install of the workspace", () => {
  it("no workspace project restricts os/cpu/libc at the top level (pnpm warns `Unsupported platform` for each); the restriction is in publishConfig", () => {
    const restricted: string[] = [];
    for (const file of workspaceManifests()) {
      const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      for (const field of ["os", "cpu", "libc"]) if (field in manifest) restricted.push(`${file.slice(repo.length + 1)}: ${field}`);
    }
    expect(restricted).toEqual([]);
    // The daemon packages keep their restriction for npm users: pnpm pack/publish moves
    // publishConfig.os to the top level of the published manifest (asserted in pack.test.ts).
    for (const [name, os] of [
      ["daemon-systemd", "linux"],
      ["daemon-launchd", "darwin"],
      ["daemon-schtasks", "win32"],
    ] as const) {
      const manifest = JSON.parse(readFileSync(join(repo, "packages", name, "package.json"), "utf8")) as { publishConfig?: { os?: string[] } };
      expect(manifest.publishConfig?.os, name).toEqual([os]);
    }
  });

  it("`pnpm install --frozen-lockfile` in a copy of the tree prints no WARN and no failed bin", () => {
    const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repo, encoding: "utf8" });
    const copy = join(work, "clone");
    for (const file of listed.split("\0")) {
      if (!file || !existsSync(join(repo, file))) continue; // deleted in the working tree
      mkdirSync(join(copy, dirname(file)), { recursive: true });
      cpSync(join(repo, file), join(copy, file));
    }
    const run = spawnSync("pnpm", ["install", "--frozen-lockfile", "--offline"], { cwd: copy, encoding: "utf8", env: userEnv() });
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(output).toContain("Done in");
    expect(output.split("\n").filter((line) => /\bWARN\b|Failed to create bin|deprecated/i.test(line))).toEqual([]);
  });
});
