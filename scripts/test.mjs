#!/usr/bin/env node
// `pnpm test`: every package's suite through turbo (which builds first), then the
// pack-and-install test (tooling/pack-test) and the published-shape lint (publint + attw).
// Ends with one closing line over all of it: "Tests: N passed, N failed, N skipped".
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const env = { TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", ...process.env };
const extra = process.argv.slice(2);
const resultFiles = [];
for (const group of ["packages", "tooling", "examples"]) {
  for (const name of readdirSync(join(root, group))) resultFiles.push(join(root, group, name, ".vitest-results.json"));
}
for (const file of resultFiles) rmSync(file, { force: true }); // a stale file must not count

const steps = [
  ["unit and e2e tests", "pnpm", ["exec", "turbo", "run", "test", "--concurrency=2", ...extra]],
  ["pack-and-install test", "pnpm", ["--filter", "@clawd/pack-test", "test:pack"]],
  ["package lint", "node", ["scripts/lint-packages.mjs"]],
];
let code = 0;
let lint = { passed: 0, failed: 0 };
for (const [title, command, args] of steps) {
  console.log(`\n== ${title}: ${command} ${args.join(" ")}`);
  const piped = title === "package lint";
  const run = spawnSync(command, args, { cwd: root, stdio: piped ? ["ignore", "pipe", "inherit"] : "inherit", env, encoding: "utf8" });
  if (piped) {
    process.stdout.write(run.stdout ?? "");
    const m = /lint:packages: (\d+) passed, (\d+) failed/.exec(run.stdout ?? "");
    if (m) lint = { passed: Number(m[1]), failed: Number(m[2]) };
  }
  if (run.status !== 0) code = run.status ?? 1;
}

let passed = lint.passed;
let failed = lint.failed;
let skipped = 0;
for (const file of resultFiles) {
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, "utf8"));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
if (code !== 0 && failed === 0) failed = 1; // a build or runner failure counts as a failure
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(code);
