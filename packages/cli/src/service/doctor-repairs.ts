// The doctor checks that `clawd doctor --fix` can repair safely: a missing state dir, a config
// readable by others, and a service file that no longer matches what `gateway install` would
// write (moved CLI, other Node, older version). Each repair returns what it changed.
import { resolveNodePath } from "@clawd/daemon";
import { chmod, mkdir, stat } from "node:fs/promises";
import { commandHint } from "../command-hint.js";
import { CONFIG_FILE_MODE, STATE_DIR_MODE } from "../config/config-store.js";
import type { ProfilePaths } from "../config/paths.js";
import { portFromSpec } from "./service-context.js";
import { openGatewayService } from "./service-loader.js";
import { buildGatewayServiceSpec, resolveCliEntry } from "./service-spec.js";

/** A doctor check that `--fix` may repair; `repair` says what it changed. */
export interface RepairableCheck {
  name: string;
  status: "ok" | "fail" | "warn";
  detail: string;
  fix?: string | undefined;
  repair?: (() => Promise<string>) | undefined;
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

async function modeOf(path: string): Promise<number | undefined> {
  return stat(path).then(
    (s) => s.mode & 0o777,
    () => undefined,
  );
}

/** State dir present, and the config not readable by group or others. */
export async function fileChecks(paths: ProfilePaths, profile: string | undefined): Promise<RepairableCheck[]> {
  const checks: RepairableCheck[] = [];
  const fixHint = `${commandHint(profile, "doctor --fix")}`;
  if ((await modeOf(paths.stateDir)) === undefined) {
    checks.push({
      name: "State dir",
      status: "fail",
      detail: `missing: ${paths.stateDir}`,
      fix: `${fixHint} (creates it, mode 0700)`,
      repair: async () => {
        await mkdir(paths.stateDir, { recursive: true, mode: STATE_DIR_MODE });
        return `created ${paths.stateDir} (mode 0700)`;
      },
    });
  } else checks.push({ name: "State dir", status: "ok", detail: paths.stateDir });
  const mode = await modeOf(paths.configPath);
  if (mode !== undefined && (mode & 0o077) !== 0) {
    checks.push({
      name: "Config mode",
      status: "fail",
      detail: `${paths.configPath} is ${octal(mode)}; it may hold secrets, so only you should read it`,
      fix: `${fixHint} (or chmod 600 ${paths.configPath})`,
      repair: async () => {
        await chmod(paths.configPath, CONFIG_FILE_MODE);
        return `${paths.configPath}: mode ${octal(mode)} → 0600`;
      },
    });
  } else if (mode !== undefined) checks.push({ name: "Config mode", status: "ok", detail: octal(mode) });
  return checks;
}

const comparable = (spec: { programArguments: string[]; environment?: Record<string, string> | undefined; description: string }) =>
  JSON.stringify({ args: spec.programArguments, env: Object.entries(spec.environment ?? {}).sort(), description: spec.description });

/** The installed service file against what `gateway install` would write now (same port); none when not installed. */
export async function serviceFileCheck(paths: ProfilePaths, profile: string | undefined, env: NodeJS.ProcessEnv): Promise<RepairableCheck[]> {
  let opened: Awaited<ReturnType<typeof openGatewayService>>;
  try {
    opened = await openGatewayService(paths, env);
  } catch {
    return []; // No service support here: the Service check already says so.
  }
  const { service, name } = opened;
  const installed = await service.readInstalled().catch(() => null);
  const port = portFromSpec(installed);
  if (!installed || port === undefined) return [];
  const node = resolveNodePath();
  const wanted = buildGatewayServiceSpec({
    paths,
    port,
    kind: service.kind,
    name,
    nodePath: node.path,
    cliEntry: resolveCliEntry(),
    env,
    platform: process.platform,
  });
  if (comparable(installed) === comparable(wanted)) return [{ name: "Service file", status: "ok", detail: `up to date (${service.filePath})` }];
  const differs =
    installed.programArguments.join(" ") !== wanted.programArguments.join(" ")
      ? "its command line"
      : installed.description !== wanted.description
        ? "its version"
        : "its environment";
  return [
    {
      name: "Service file",
      status: "warn",
      detail: `stale: ${differs} differs from what ${commandHint(profile, "gateway install")} writes now (${service.filePath})`,
      fix: `${commandHint(profile, "doctor --fix")} (rewrites it for port ${port} and restarts the service)`,
      repair: async () => {
        await service.install(wanted, { force: false });
        return `rewrote ${service.filePath} (port ${port}) and restarted the service`;
      },
    },
  ];
}
