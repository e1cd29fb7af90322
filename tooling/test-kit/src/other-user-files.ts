// Files a test runs as another uid (`setpriv --reuid=65534 node script.mjs`) must be
// readable by that uid, but the checkout may sit under a 0700 folder (`/root`, any
// `mktemp -d`) that the other uid cannot traverse. This copies what the process needs into
// a fresh world-readable temp folder, with a node binary that uid can execute, and removes
// it afterwards.
//
//   const shared = shareWithOtherUsers({ "port-holder.mjs": PORT_HOLDER_SCRIPT });
//   spawn("setpriv", ["--reuid=65534", …, shared.node, shared.path("port-holder.mjs")]);
//   … finally shared.remove();
import { chmodSync, copyFileSync, cpSync, linkSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Mode of the shared folder and the folders inside it: everyone may list and traverse. */
const SHARED_DIR_MODE = 0o755;
/** Mode of a shared file: everyone may read it (and execute it when the source was executable). */
const SHARED_FILE_MODE = 0o644;
const SHARED_EXEC_MODE = 0o755;
/** The "others may execute/traverse" and "others may read" permission bits. */
const OTHERS_EXECUTE_BIT = 0o001;
const OTHERS_READ_BIT = 0o004;

/** A world-readable temp folder holding copies of what another uid must read. */
export interface SharedFolder {
  /** The folder (mode 0755, under the OS temp dir). */
  readonly dir: string;
  /** A node binary the other uid can execute: process.execPath when reachable, else a link or copy inside `dir`. */
  readonly node: string;
  /** The absolute path of an entry inside the folder. */
  path(relative: string): string;
  /** Removes the folder (safe to call twice). */
  remove(): void;
}

/** True when a uid that is neither owner nor group can reach `file` (every ancestor folder traversable) and read or execute it. */
export function reachableByOthers(file: string, need: "read" | "execute" = "read"): boolean {
  let current = realpathSync(file);
  if ((statSync(current).mode & (need === "read" ? OTHERS_READ_BIT : OTHERS_EXECUTE_BIT)) === 0) return false;
  for (;;) {
    const parent = path.dirname(current);
    if (parent === current) return true;
    if ((statSync(parent).mode & OTHERS_EXECUTE_BIT) === 0) return false;
    current = parent;
  }
}

function openUp(target: string): void {
  const stat = statSync(target);
  if (stat.isDirectory()) {
    chmodSync(target, SHARED_DIR_MODE);
    for (const entry of readdirSync(target)) openUp(path.join(target, entry));
  } else {
    chmodSync(target, stat.mode & 0o100 ? SHARED_EXEC_MODE : SHARED_FILE_MODE);
  }
}

function shareNode(dir: string): string {
  if (reachableByOthers(process.execPath, "execute")) return process.execPath;
  const real = realpathSync(process.execPath);
  const target = path.join(dir, "node");
  if (statSync(real).mode & OTHERS_EXECUTE_BIT) {
    try {
      linkSync(real, target); // same inode and mode, no 100 MB copy; only the folders were in the way
      return target;
    } catch {
      // another filesystem: copy it below
    }
  }
  copyFileSync(real, target);
  chmodSync(target, SHARED_EXEC_MODE);
  return target;
}

/**
 * Copies each source (file or folder) to `dir/<relative>` in a fresh world-readable temp
 * folder, so a process run as another uid can read it wherever the checkout lives.
 */
export function shareWithOtherUsers(entries: Record<string, string>): SharedFolder {
  const dir = mkdtempSync(path.join(tmpdir(), "clawd-shared-"));
  try {
    for (const [relative, source] of Object.entries(entries)) {
      const target = path.join(dir, relative);
      mkdirSync(path.dirname(target), { recursive: true });
      cpSync(source, target, { recursive: true });
    }
    openUp(dir);
    const node = shareNode(dir);
    return {
      dir,
      node,
      path: (relative) => path.join(dir, relative),
      remove: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
