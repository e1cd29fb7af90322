import { lstat, mkdir, readdir, realpath, rm } from "node:fs/promises";
import { dirname, join, relative, isAbsolute } from "node:path";
import { CliError } from "../cli-error.js";
import type { ClawdConfig } from "./config-schema.js";
import { STATE_DIR_MODE, writeConfigAtomic } from "./config-store.js";
import { DEV_GATEWAY_PORT } from "../gateway/default-ports.js";
import { type ProfilePaths, shortenHome } from "./paths.js";
import { DEV_PROFILE } from "./profile.js";

/** What the dev bootstrap did, as lines to print. */
export interface DevBootstrapReport {
  removed: string[];
  configCreated: string | undefined;
  workspaceCreated: string | undefined;
}

/** The paths `--reset` removes: dev config (and its backup), credentials, sessions (every agent's), workspace. */
export function devResetTargets(paths: ProfilePaths, agentSessions: readonly string[] = [DEV_PROFILE]): string[] {
  return [
    paths.configPath,
    `${paths.configPath}.bak`,
    join(paths.stateDir, "credentials"),
    join(paths.stateDir, "sessions"),
    ...agentSessions.map((agent) => join(paths.stateDir, "agents", agent, "sessions")),
    paths.workspaceDir,
  ];
}

/** The config a fresh (or reset) dev profile gets: local, loopback, no auth, port 19001. */
export function freshDevConfig(paths: ProfilePaths): ClawdConfig {
  return { gateway: { mode: "local", bind: "loopback", port: DEV_GATEWAY_PORT }, agents: { defaults: { workspace: paths.workspaceDir } } };
}

const isInside = (child: string, root: string) => {
  const rel = relative(root, child);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
};

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** The agent directories under `<state>/agents` (their `sessions` are reset), plus "dev". */
async function agentNames(paths: ProfilePaths): Promise<string[]> {
  const names = new Set<string>([DEV_PROFILE]);
  try {
    for (const entry of await readdir(join(paths.stateDir, "agents"), { withFileTypes: true })) if (entry.isDirectory()) names.add(entry.name);
  } catch {
    // No agents dir: only the default name.
  }
  return [...names].sort();
}

async function realParent(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}

/**
 * Checks every reset target before anything is removed: each must resolve (symlinks
 * followed) inside the dev state dir or the dev workspace. Returns the existing targets.
 */
export async function checkResetTargets(paths: ProfilePaths): Promise<string[]> {
  if (paths.profile !== DEV_PROFILE) throw new Error("dev reset called for a non-dev profile");
  const home = await realParent(paths.home);
  // Roots are computed from the real home, not followed themselves: a dev dir that is a
  // symlink to somewhere else (the main state dir, /) fails the check below.
  const roots = [join(home, relative(paths.home, paths.stateDir)), join(home, relative(paths.home, paths.workspaceDir))];
  const found: string[] = [];
  const unsafe: string[] = [];
  for (const target of devResetTargets(paths, await agentNames(paths))) {
    if (!(await exists(target))) continue;
    const real = await realParent(target);
    if (roots.some((root) => isInside(real, root)) && real !== home) found.push(target);
    else unsafe.push(`- ${target} resolves to ${real}`);
  }
  if (unsafe.length > 0) {
    throw new CliError([
      "Refusing to reset the dev profile: some paths lead outside it.",
      ...unsafe,
      `Nothing was removed. Remove or fix these links by hand, then rerun clawd gateway --dev --reset.`,
    ]);
  }
  return found;
}

/**
 * SPEC §3 step 2: optionally reset, then create the dev config (mode local, loopback, no
 * auth) and the dev workspace when missing. Only ever touches the dev profile's paths.
 */
export async function bootstrapDevProfile(paths: ProfilePaths, options: { reset: boolean }): Promise<DevBootstrapReport> {
  const report: DevBootstrapReport = { removed: [], configCreated: undefined, workspaceCreated: undefined };
  if (options.reset) {
    for (const target of await checkResetTargets(paths)) {
      await rm(target, { recursive: true, force: true });
      report.removed.push(shortenHome(target, paths.home));
    }
  }
  if (!(await exists(paths.configPath))) {
    await mkdir(dirname(paths.configPath), { recursive: true, mode: STATE_DIR_MODE });
    await writeConfigAtomic(paths.configPath, freshDevConfig(paths));
    report.configCreated = shortenHome(paths.configPath, paths.home);
  }
  if (!(await exists(paths.workspaceDir))) {
    await mkdir(paths.workspaceDir, { recursive: true, mode: STATE_DIR_MODE });
    report.workspaceCreated = shortenHome(paths.workspaceDir, paths.home);
  }
  return report;
}
