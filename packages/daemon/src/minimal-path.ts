// The PATH a service gets. Services do not inherit the login shell's PATH, and copying it
// would pin whatever version-manager shims happened to be active; instead we build a short,
// predictable list of the usual user and system bin directories.
import path from "node:path";

export interface MinimalPathOptions {
  /** Environment to read PNPM_HOME, NPM_CONFIG_PREFIX … (and PATH on Windows) from. */
  env?: NodeJS.ProcessEnv;
  /** Defaults to `process.platform`. */
  platform?: NodeJS.Platform;
  /** The user's home; user directories are only added when it is known. */
  home?: string;
  /** Directories that go first, e.g. the directory of the node binary. */
  extraDirs?: string[];
}

/** System directories every POSIX PATH ends with. */
export const POSIX_SYSTEM_PATH_DIRS = ["/usr/local/bin", "/usr/bin", "/bin"] as const;
/** macOS directories (Homebrew on Apple silicon, then Intel, then the system). */
export const DARWIN_PATH_DIRS = ["/opt/homebrew/bin", "/usr/local/bin", "/usr/bin", "/bin"] as const;
/** Per-user bin directories, relative to home, in the order they are added on Linux. */
export const LINUX_HOME_PATH_DIRS = [
  ".local/bin",
  ".npm-global/bin",
  "bin",
  ".nvm/current/bin",
  ".fnm/current/bin",
  ".volta/bin",
  ".asdf/shims",
  ".local/share/pnpm",
  ".bun/bin",
] as const;

/** Env-derived roots: variable name and the suffix appended unless the value already ends with it. */
const LINUX_ENV_ROOTS: readonly [variable: string, suffix: string][] = [
  ["PNPM_HOME", ""],
  ["NPM_CONFIG_PREFIX", "bin"],
  ["BUN_INSTALL", "bin"],
  ["VOLTA_HOME", "bin"],
  ["ASDF_DATA_DIR", "shims"],
  ["NVM_DIR", "current/bin"],
  ["FNM_DIR", "current/bin"],
];

function withSuffix(root: string, suffix: string): string {
  const trimmed = root.replace(/\/+$/, "");
  if (!suffix || trimmed.endsWith(`/${suffix}`)) return trimmed;
  return `${trimmed}/${suffix}`;
}

function unique(dirs: (string | undefined)[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const dir of dirs) {
    const value = dir?.trim();
    if (!value || seen.has(value)) continue;
    seen.add(value);
    out.push(value);
  }
  return out;
}

/** Builds the PATH for a service: extraDirs, user tool dirs, then system dirs; de-duplicated, order kept. */
export function buildMinimalPath(options: MinimalPathOptions = {}): string {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const extra = options.extraDirs ?? [];
  if (platform === "win32") {
    // Windows tools install into many per-machine dirs; the installing shell's PATH is the only reliable list.
    const shellPath = env.Path ?? env.PATH ?? "";
    return unique([...extra, ...shellPath.split(";")]).join(";");
  }
  if (platform === "darwin") return unique([...extra, ...DARWIN_PATH_DIRS]).join(":");
  const envDirs = LINUX_ENV_ROOTS.map(([variable, suffix]) => {
    const root = env[variable]?.trim();
    return root ? withSuffix(root, suffix) : undefined;
  });
  const home = options.home?.replace(/\/+$/, "");
  const homeDirs = home ? LINUX_HOME_PATH_DIRS.map((dir) => path.posix.join(home, dir)) : [];
  return unique([...extra, ...envDirs, ...homeDirs, ...POSIX_SYSTEM_PATH_DIRS]).join(":");
}
