// The root biome.jsonc as `pnpm lint` (`biome ci`, the first step of `pnpm test`) applies it:
// unformatted code and lint findings fail, while ignored files (recorded tool outputs, the
// original's vectors, anything .gitignore'd such as dist/) are never checked, so their bytes stay.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const repo = join(import.meta.dirname, "..", "..", "..");
const biome = join(repo, "node_modules", ".bin", "biome");
const work = mkdtempSync(join(tmpdir(), "clawd-biome-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CLEAN = 'import { join } from "node:path";\n\n/** Joins. */\nexport const at = (dir: string): string => join(dir, "x");\n';

/** A git repository holding the root config, the root .gitignore and `files`; returns `pnpm lint`'s exit code and output there. */
function lint(name: string, files: Record<string, string>): { code: number | null; output: string } {
  const dir = join(work, name);
  mkdirSync(dir);
  copyFileSync(join(repo, "biome.jsonc"), join(dir, "biome.jsonc"));
  copyFileSync(join(repo, ".gitignore"), join(dir, ".gitignore"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, dirname(file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  execFileSync("git", ["init", "-q"], { cwd: dir });
  // The $schema path points into node_modules: give the copy the repo's.
  execFileSync("ln", ["-s", join(repo, "node_modules"), join(dir, "node_modules")]);
  const run = spawnSync(biome, ["ci", "--error-on-warnings", "--colors=off"], { cwd: dir, encoding: "utf8" });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("biome.jsonc", () => {
  it("passes formatted, lint-clean code, and never looks at recorded outputs, vectors or ignored build output", () => {
    const ugly = '{"a":1,\n   "b":[1,2,\n3]}\n';
    const r = lint("clean", {
      "packages/p/src/at.ts": CLEAN,
      "packages/p/test/recorded/lsof.json": ugly,
      "packages/p/test/vectors/device.json": ugly,
      "packages/p/test/fixtures/frame.json": ugly,
      "packages/p/dist/index.js": "var  x=1\n",
    });
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain("Checked 2 files"); // biome.jsonc itself and at.ts
  });

  it("fails on unformatted code and names the file", () => {
    const r = lint("unformatted", { "src/at.ts": CLEAN.replace('join(dir, "x")', "join( dir,'x' )") });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/src\/at\.ts format/);
  });

  it("fails on a lint finding (an unused import) in otherwise formatted code", () => {
    const r = lint("unused-import", { "src/at.ts": `import { sep } from "node:path";\n${CLEAN}` });
    expect(r.code).toBe(1);
    expect(r.output).toContain("lint/correctness/noUnusedImports");
  });

  it("keeps the house idioms legal: x! after a check, lazy init in an expression, an early `return send()` in a void function", () => {
    const code = [
      "const sets = new Map<string, Set<number>>();",
      "",
      "/** Adds. */",
      "export function add(key: string, n: number): void {",
      "  let set = sets.get(key);",
      "  if (!set) sets.set(key, (set = new Set()));",
      "  if (n < 0) return send(key);",
      "  set.add(n);",
      "}",
      "",
      "function send(key: string): void {",
      "  console.log(key, /\\x1b\\[\\d+m/.test(key), [...sets.get(key)!]);",
      "}",
      "",
    ].join("\n");
    const r = lint("idioms", { "src/add.ts": code });
    expect(r.code, r.output).toBe(0);
  });
});
