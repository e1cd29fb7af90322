// A directory holding a `tailscale` executable that runs test/fixtures/sleepy-tailscale.mjs.
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("./fixtures/sleepy-tailscale.mjs", import.meta.url));

/** Creates the fake; returns the directory to put first on PATH. */
export function createSleepyTailscale(): string {
  const dir = mkdtempSync(join(tmpdir(), "clawd-sleepy-ts-"));
  const exe = join(dir, "tailscale");
  writeFileSync(exe, `#!/bin/sh\nexec "${process.execPath}" "${SCRIPT}" "$@"\n`);
  chmodSync(exe, 0o755);
  return dir;
}
