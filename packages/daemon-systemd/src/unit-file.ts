// Where the unit file lives on disk and how it is written (reading and writing go through
// @clawd/daemon's readTextIfExists and writeFileAtomic).
import path from "node:path";

/** Mode of the unit file: systemd reads it as the user; nothing secret goes in it. */
export const UNIT_FILE_MODE = 0o644;

/** Where systemd looks for a user's own units. */
export function userUnitDir(home: string): string {
  return path.posix.join(home.replaceAll("\\", "/"), ".config", "systemd", "user");
}
