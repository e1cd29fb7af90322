#!/usr/bin/env node
// `pnpm test`: Biome's format and lint check of the whole tree (`pnpm lint`), then builds
// every package, then every package's suite through turbo, then the pack-and-install test
// (tooling/pack-test) and the published-shape lint (publint + attw).
// Building first, and letting turbo continue past a failed task, keeps one failure from
// cascading: a failed test task cannot cancel a build still running (a half-built tree
// that then fails the pack test and the lint for no reason of their own). The steps that
// need every package's dist/ are skipped, saying so, when the build failed.
// Ends with the failed steps, if any, and one closing line over all of it:
// "Tests: N passed, N failed, N skipped".
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

const turbo = (task) => ["exec", "turbo", "run", task, "--concurrency=2", "--continue=dependencies-successful", ...extra];
const steps = [
  { title: "format and lint (biome ci)", command: "pnpm", args: ["lint"] },
  { title: "build", command: "pnpm", args: turbo("build") },
  { title: "unit and e2e tests", command: "pnpm", args: turbo("test") },
  { title: "pack-and-install test", command: "pnpm", args: ["--filter", "@clawd/pack-test", "test:pack"], needsBuild: true },
  { title: "package lint", command: "node", args: ["scripts/lint-packages.mjs"], needsBuild: true, piped: true },
];
let code = 0;
let lint = { passed: 0, failed: 0 };
const failedSteps = [];
for (const { title, command, args, needsBuild, piped } of steps) {
  console.log(`\n== ${title}: ${command} ${args.join(" ")}`);
  if (needsBuild && failedSteps.some((f) => f.startsWith("build "))) {
    console.log(`skipped: it needs every package built, and the build failed (see the build step above)`);
    continue;
  }
  const run = spawnSync(command, args, { cwd: root, stdio: piped ? ["ignore", "pipe", "inherit"] : "inherit", env, encoding: "utf8" });
  if (piped) {
    process.stdout.write(run.stdout ?? "");
    const m = /lint:packages: (\d+) passed, (\d+) failed/.exec(run.stdout ?? "");
    if (m) lint = { passed: Number(m[1]), failed: Number(m[2]) };
  }
  if (run.status !== 0) {
    code = run.status ?? 1;
    failedSteps.push(`${title} (exit ${run.status ?? run.signal})`);
  }
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
if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.join(", ")}`);
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(code);
