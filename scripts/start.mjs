#!/usr/bin/env node
// `pnpm start`: build the CLI and what it needs, then run the dev gateway (`clawd gateway
// --dev`, extra arguments passed on). Turborepo's telemetry notice is switched off here, in
// a Node script so it works the same on every OS (an inline `VAR=1 cmd` does not on Windows).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = { TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", ...process.env };
// turbo straight from node_modules/.bin: no `pnpm exec` layer (and its output) in between.
const win = process.platform === "win32";
const turbo = join(root, "node_modules", ".bin", win ? "turbo.cmd" : "turbo");
const build = spawnSync(turbo, ["run", "build", "--filter=@clawd/cli...", "--output-logs=errors-only"], { cwd: root, stdio: "inherit", env, shell: win });
if (build.error) {
  console.error(`Cannot run ${turbo}: ${build.error.message}. Install the dependencies first: pnpm install`);
  process.exit(1);
}
if (build.status !== 0) process.exit(build.status ?? 1);
const args = process.argv.slice(2);
if (args[0] === "--") args.shift(); // `pnpm start -- --port 19002`
// Ctrl-C reaches the whole foreground process group: the gateway stops itself gracefully,
// and this wrapper must not die of the same signal (pnpm would then report ELIFECYCLE); it
// waits and exits with the gateway's own status.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => {});
const gateway = spawnSync(process.execPath, ["packages/cli/dist/cli.js", "gateway", "--dev", ...args], { cwd: root, stdio: "inherit", env });
process.exit(gateway.status ?? (gateway.signal ? 0 : 1));
