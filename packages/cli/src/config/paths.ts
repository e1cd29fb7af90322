import { homedir } from "node:os";
import { isAbsolute, join, resolve, sep } from "node:path";

/** File name of the config inside a state dir. */
export const CONFIG_FILE_NAME = "clawd.json";

/** Where one profile keeps its state, config, logs and workspace. */
export interface ProfilePaths {
  profile: string | undefined;
  home: string;
  stateDir: string;
  configPath: string;
  logFile: string;
  workspaceDir: string;
}

/** Environment variables that change the paths. */
export interface PathEnv {
  HOME?: string | undefined;
  USERPROFILE?: string | undefined;
  CLAWD_STATE_DIR?: string | undefined;
  CLAWD_CONFIG_PATH?: string | undefined;
}

/** Expands a leading `~` to `home` and makes the path absolute. */
export function expandHome(path: string, home: string): string {
  if (path === "~") return home;
  if (path.startsWith("~/") || path.startsWith(`~${sep}`)) return join(home, path.slice(2));
  return isAbsolute(path) ? path : resolve(path);
}

/** Shows a path under `home` as `~/…` (for messages only). */
export function shortenHome(path: string, home: string): string {
  if (path === home) return "~";
  if (path.startsWith(home + sep)) return `~${sep}${path.slice(home.length + 1)}`;
  return path;
}

/**
 * Resolves the paths of a profile (SPEC §2). The default profile honours
 * `CLAWD_STATE_DIR` / `CLAWD_CONFIG_PATH`; a named profile (`--profile p`, `gateway --dev`)
 * always uses its own `~/.clawd-p`, so selecting a profile can never touch the main state.
 */
export function resolvePaths(profile: string | undefined, env: PathEnv = process.env): ProfilePaths {
  const home = env.HOME || env.USERPROFILE || homedir();
  const suffix = profile ? `-${profile}` : "";
  const stateOverride = profile ? undefined : env.CLAWD_STATE_DIR?.trim();
  const configOverride = profile ? undefined : env.CLAWD_CONFIG_PATH?.trim();
  const stateDir = stateOverride ? expandHome(stateOverride, home) : join(home, `.clawd${suffix}`);
  const configPath = configOverride ? expandHome(configOverride, home) : join(stateDir, CONFIG_FILE_NAME);
  return {
    profile,
    home,
    stateDir,
    configPath,
    logFile: join(stateDir, "logs", "gateway.log"),
    workspaceDir: join(home, `clawd${suffix}`),
  };
}
