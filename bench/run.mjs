#!/usr/bin/env node
// `pnpm bench [name …]`: builds the packages, then runs bench/<name>/run.mjs for each
// benchmark folder (all of them when none is named). Each prints its own table.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const here = new URL(".", import.meta.url).pathname;
const argv = process.argv.slice(2);
// Flags (and --node/--only values) go to each benchmark's run.mjs; the rest name benchmarks.
const takesValue = new Set(["--node", "--only"]);
const flags = argv.filter((a, i) => a.startsWith("--") || takesValue.has(argv[i - 1]));
const wanted = argv.filter((a) => !flags.includes(a));
const all = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(here, d.name, "run.mjs")))
  .map((d) => d.name);
const names = wanted.length ? wanted : all;
for (const name of names) {
  if (!all.includes(name)) {
    console.error(`bench: no benchmark "${name}" (have: ${all.join(", ")})`);
    process.exit(2);
  }
}
const build = spawnSync("pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only"], {
  cwd: join(here, ".."),
  stdio: "inherit",
  env: { TURBO_TELEMETRY_DISABLED: "1", ...process.env },
});
if (build.status !== 0) process.exit(build.status ?? 1);
let failed = 0;
for (const name of names) {
  console.log(`\n## bench/${name}\n`);
  const r = spawnSync(process.execPath, ["--expose-gc", join(here, name, "run.mjs"), ...flags], { stdio: "inherit", cwd: join(here, name) });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
