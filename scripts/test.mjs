#!/usr/bin/env node
// Runs every package's test suite through turbo (which builds first), then prints one
// closing line that sums up all vitest runs: "Tests: N passed, N failed, N skipped".
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const extra = process.argv.slice(2);
const run = spawnSync("pnpm", ["exec", "turbo", "run", "test", "--concurrency=2", ...extra], {
  cwd: root,
  stdio: "inherit",
  env: { TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", ...process.env },
});

let passed = 0;
let failed = 0;
let skipped = 0;
for (const group of ["packages", "tooling"]) {
  for (const name of readdirSync(join(root, group))) {
    const file = join(root, group, name, ".vitest-results.json");
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, "utf8"));
    passed += r.numPassedTests ?? 0;
    failed += r.numFailedTests ?? 0;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  }
}
const code = run.status ?? 1;
if (code !== 0 && failed === 0) failed = 1; // a build or runner failure counts as a failure
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(code);
