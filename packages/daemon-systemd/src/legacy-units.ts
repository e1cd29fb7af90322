// The original Clawdbot's gateway units (`clawdbot-gateway.service`, profiles
// `clawdbot-gateway-<p>.service`; `clawdbot-node.service` is its node host, not a gateway).
// Left enabled, that gateway starts with the user manager and competes with ours for the port;
// status points it out with the commands that remove it, and never removes it itself.
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { LegacyService } from "@clawd/daemon";
import { userUnitDir } from "./unit-file.js";

/** Unit file names of the original's gateway. */
export const LEGACY_UNIT_NAME = /^clawdbot-gateway(-[^.\s/]+)?\.service$/;

/** The original's gateway units in the user unit directory (none when it is missing). */
export async function findLegacyUnits(home: string): Promise<LegacyService[]> {
  const dir = userUnitDir(home);
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((name) => LEGACY_UNIT_NAME.test(name))
    .sort()
    .map((name) => ({
      name,
      label: "systemd unit",
      file: path.posix.join(dir, name),
      removeCommand: `systemctl --user disable --now ${name} && rm "${path.posix.join(dir, name)}" && systemctl --user daemon-reload`,
    }));
}
