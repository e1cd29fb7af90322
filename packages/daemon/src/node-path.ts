// Which node binary a service should run. A service outlives the shell that installed it,
// so it needs an absolute path, and one that a version-manager upgrade will not delete.
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { ServiceError } from "./service.js";
import { stableNodePath } from "./stable-node-path.js";

/** Path fragments that mark a node (or PATH entry) managed by a version or package manager. */
export const VERSION_MANAGER_MARKERS: readonly { marker: string; name: string }[] = [
  { marker: "/.nvm/", name: "nvm" },
  { marker: "/.fnm/", name: "fnm" },
  { marker: "/.volta/", name: "volta" },
  { marker: "/.asdf/", name: "asdf" },
  { marker: "/.n/", name: "n" },
  { marker: "/.nodenv/", name: "nodenv" },
  { marker: "/.nodebrew/", name: "nodebrew" },
  { marker: "/nvs/", name: "nvs" },
  { marker: "/fnm_multishells/", name: "fnm" },
  { marker: "/fnm/node-versions/", name: "fnm" },
  { marker: "/mise/installs/", name: "mise" },
  { marker: "/.rtx/installs/", name: "mise" },
  { marker: "/volta/tools/", name: "volta" },
  { marker: "/appdata/roaming/nvm/", name: "nvm-windows" },
  { marker: "/cellar/", name: "Homebrew" },
  { marker: "/.local/share/pnpm/", name: "pnpm" },
  { marker: "/pnpm/", name: "pnpm" },
];

/** Where a system-wide node is usually installed, per platform, in order of preference. */
export function systemNodeCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}): string[] {
  if (platform === "win32") {
    return [env.ProgramFiles, env["ProgramFiles(x86)"]].filter((dir): dir is string => Boolean(dir)).map((dir) => path.win32.join(dir, "nodejs", "node.exe"));
  }
  if (platform === "darwin") return ["/opt/homebrew/bin/node", "/usr/local/bin/node", "/usr/bin/node"];
  return ["/usr/local/bin/node", "/usr/bin/node"];
}

/** Names the version manager a path belongs to (`nvm`, `volta` …), or undefined. */
export function detectVersionManager(filePath: string): string | undefined {
  const normalized = filePath.replaceAll("\\", "/").toLowerCase();
  return VERSION_MANAGER_MARKERS.find(({ marker }) => normalized.includes(marker))?.name;
}

/** The node a service should run, and why it may be fragile. */
export interface NodePathInfo {
  /** Absolute path of the node executable. */
  path: string;
  /** `execPath` when it is the running node, `PATH` when it was found by searching PATH. */
  source: "execPath" | "PATH";
  /** Set when the path lives under a version manager (`nvm`, `fnm`, `volta` …). */
  versionManager?: string;
  /** A line to show the user when the path is fragile; says how to fix it. */
  warning?: string;
  /** The fragile path a stable link or shim replaced (`path` is the stable one). */
  replaced?: string;
}

export interface ResolveNodePathOptions {
  /** Defaults to `process.execPath`. */
  execPath?: string;
  /** Defaults to `process.env` (its PATH is searched when execPath is not node). */
  env?: NodeJS.ProcessEnv;
  /** Defaults to `process.platform`. */
  platform?: NodeJS.Platform;
  /** Whether a path is an executable file; defaults to an `X_OK` access check. */
  isExecutable?: (filePath: string) => boolean;
}

const NODE_NAMES = new Set(["node", "node.exe", "nodejs"]);

function defaultIsExecutable(filePath: string): boolean {
  try {
    accessSync(filePath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Resolves the absolute node binary for a service: the running node, else the first node on PATH. */
export function resolveNodePath(options: ResolveNodePathOptions = {}): NodePathInfo {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const isExecutable = options.isExecutable ?? defaultIsExecutable;
  const paths = platform === "win32" ? path.win32 : path.posix;
  const execPath = options.execPath ?? process.execPath;

  let found: Pick<NodePathInfo, "path" | "source"> | undefined;
  if (paths.isAbsolute(execPath) && NODE_NAMES.has(paths.basename(execPath).toLowerCase())) {
    found = { path: execPath, source: "execPath" };
  } else {
    const pathVar = (platform === "win32" ? (env.Path ?? env.PATH) : env.PATH) ?? "";
    const names = platform === "win32" ? ["node.exe"] : ["node"];
    for (const dir of pathVar.split(platform === "win32" ? ";" : ":")) {
      if (!dir || !paths.isAbsolute(dir)) continue;
      const candidate = names.map((name) => paths.join(dir, name)).find(isExecutable);
      if (candidate) {
        found = { path: candidate, source: "PATH" };
        break;
      }
    }
  }
  if (!found) {
    throw new ServiceError("Node not found: the running program is not node and PATH has no node executable.", [
      "Install Node 20.19 or newer (https://nodejs.org) and run the install command again.",
    ]);
  }
  const stable = stableNodePath(found.path, { env, platform, isExecutable });
  if (stable) return { path: stable.path, source: found.source, replaced: found.path };
  const versionManager = detectVersionManager(found.path);
  if (!versionManager) return found;
  const system = systemNodeCandidates(platform, env).find(isExecutable);
  const fix = system
    ? `Reinstall the service with ${system} to avoid this.`
    : "Install a system-wide Node (e.g. from nodejs.org or your package manager) and reinstall the service.";
  return {
    ...found,
    versionManager,
    warning: `The service will run Node from ${versionManager} (${found.path}); it stops working when that version is removed. ${fix}`,
  };
}
