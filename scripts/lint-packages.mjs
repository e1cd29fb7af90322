#!/usr/bin/env node
// Checks the published shape of every package under packages/: publint on the package and
// @arethetypeswrong/cli on its packed tarball. Our packages are ESM-only on purpose (Node
// >= 20.19 can require() them), so attw runs with its esm-only profile. Packages must be built.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dest = mkdtempSync(join(tmpdir(), "clawd-lint-"));
const bin = (name) => join(root, "node_modules", ".bin", name);
let failed = 0;
const names = readdirSync(join(root, "packages"));
for (const name of names) {
  const dir = join(root, "packages", name);
  const publint = spawnSync(bin("publint"), ["--strict"], { cwd: dir, encoding: "utf8" });
  const pack = spawnSync("pnpm", ["pack", "--pack-destination", dest], { cwd: dir, encoding: "utf8" });
  const tarball = pack.stdout.trim().split("\n").pop();
  const attw = spawnSync(bin("attw"), [tarball, "--profile", "esm-only", "--format", "ascii"], { cwd: dir, encoding: "utf8" });
  const ok = publint.status === 0 && !/warning|suggestion|error/i.test(publint.stdout.replace(/All good!/, "")) && attw.status === 0;
  if (!ok) {
    failed++;
    console.log(`✗ packages/${name}`);
    console.log(publint.stdout + publint.stderr);
    console.log(attw.stdout + attw.stderr);
  } else console.log(`✓ packages/${name}: publint and attw (esm-only) report nothing`);
}
rmSync(dest, { recursive: true, force: true });
console.log(`lint:packages: ${names.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
