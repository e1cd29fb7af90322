// A node path that survives upgrades. Homebrew's Cellar path and a version manager's
// per-version folder are deleted by `brew upgrade` / `nvm uninstall`; the stable links and
// shims next to them (`<brew>/opt/node/bin/node`, volta's and mise's shims, fnm's default
// alias, nvm-windows' `C:\Program Files\nodejs` link) keep pointing at a current node.
import path from "node:path";

/** A stable replacement for a fragile node path, and why. */
export interface StableNodePath {
  path: string;
  /** e.g. `Homebrew's opt link`, `volta's shim`. */
  kind: string;
}

/** Inputs for `stableNodePath`; `home` defaults to HOME / USERPROFILE of `env`. */
export interface StableNodeOptions {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  isExecutable: (filePath: string) => boolean;
}

const HOMEBREW_CELLAR = /^(.*)\/Cellar\/([^/]+)\/[^/]+\/bin\/node$/;

/** The candidates, most specific first, for a node at `nodePath`. */
export function stableNodeCandidates(nodePath: string, { env, platform }: Omit<StableNodeOptions, "isExecutable">): StableNodePath[] {
  const win = platform === "win32";
  const p = win ? path.win32 : path.posix;
  const home = (win ? env.USERPROFILE : env.HOME) ?? "";
  const slashed = nodePath.replaceAll("\\", "/");
  const lower = slashed.toLowerCase();
  const exe = win ? "node.exe" : "node";
  const out: StableNodePath[] = [];
  const brew = HOMEBREW_CELLAR.exec(slashed);
  if (brew) {
    out.push({ path: `${brew[1]}/opt/${brew[2]}/bin/node`, kind: "Homebrew's opt link" });
    out.push({ path: `${brew[1]}/bin/node`, kind: "Homebrew's bin link" });
  }
  if (lower.includes("/.volta/") || lower.includes("/volta/tools/")) {
    const voltaHome = env.VOLTA_HOME ?? p.join(home, win ? "AppData\\Local\\Volta" : ".volta");
    out.push({ path: p.join(voltaHome, "bin", exe), kind: "volta's shim" });
  }
  if (lower.includes("/mise/installs/node/")) {
    const data = env.MISE_DATA_DIR ?? (win ? p.join(env.LOCALAPPDATA ?? home, "mise") : p.join(env.XDG_DATA_HOME ?? p.join(home, ".local", "share"), "mise"));
    out.push({ path: p.join(data, "shims", exe), kind: "mise's shim" });
  }
  if (lower.includes("/fnm_multishells/") || lower.includes("/fnm/node-versions/") || lower.includes("/.fnm/")) {
    const fnmDir = env.FNM_DIR ?? (win ? p.join(env.APPDATA ?? home, "fnm") : p.join(env.XDG_DATA_HOME ?? p.join(home, ".local", "share"), "fnm"));
    out.push({ path: win ? p.join(fnmDir, "aliases", "default", exe) : p.join(fnmDir, "aliases", "default", "bin", exe), kind: "fnm's default alias" });
  }
  if (win && env.NVM_HOME && lower.startsWith(env.NVM_HOME.replaceAll("\\", "/").toLowerCase())) {
    const link = env.NVM_SYMLINK ?? p.join(env.ProgramFiles ?? "C:\\Program Files", "nodejs");
    out.push({ path: p.join(link, exe), kind: "nvm-windows' nodejs link" });
  }
  return out.filter((c) => c.path.replaceAll("\\", "/") !== slashed);
}

/** The first stable candidate that exists, or undefined when `nodePath` is already stable. */
export function stableNodePath(nodePath: string, options: StableNodeOptions): StableNodePath | undefined {
  return stableNodeCandidates(nodePath, options).find((c) => options.isExecutable(c.path));
}
