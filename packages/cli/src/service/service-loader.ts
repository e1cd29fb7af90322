// The CLI picks the platform's daemon package at run time (SPEC §4): it is an optional
// dependency that only installs on its own OS, so it must be imported dynamically, and its
// absence is a message naming the package, never a stack trace.
import type { CreateService, DaemonService } from "@clawd/daemon";
import { CliError } from "../cli-error.js";
import { commandHint } from "../command-hint.js";
import type { ProfilePaths } from "../config/paths.js";
import { type ServiceNames, serviceNames } from "./service-names.js";

/** A platform we manage services on, and the package that does it. */
export interface ServicePlatform {
  packageName: "@clawd/daemon-systemd" | "@clawd/daemon-launchd" | "@clawd/daemon-schtasks";
  nameKey: keyof ServiceNames;
}

const PLATFORMS: Partial<Record<NodeJS.Platform, ServicePlatform>> = {
  linux: { packageName: "@clawd/daemon-systemd", nameKey: "systemd" },
  darwin: { packageName: "@clawd/daemon-launchd", nameKey: "launchd" },
  win32: { packageName: "@clawd/daemon-schtasks", nameKey: "schtasks" },
};

/** The daemon package for `platform`, or a CliError (naming `profile` in its hint) when we have none. */
export function servicePlatform(platform: NodeJS.Platform, profile?: string | undefined): ServicePlatform {
  const entry = PLATFORMS[platform];
  if (!entry) {
    throw new CliError([
      `Service management is not supported on ${platform}.`,
      `Run the gateway in the foreground instead (${commandHint(profile, "gateway")}), under your own supervisor.`,
    ]);
  }
  return entry;
}

/** Imports a module by name; replaced in tests. */
export type ModuleImporter = (name: string) => Promise<unknown>;

const importModule: ModuleImporter = (name) => import(name);

function isModuleMissing(err: unknown, packageName: string): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && String((err as Error).message).includes(packageName);
}

/** Imports the platform's daemon package, or explains how to install it. */
export async function loadDaemonModule(platform: NodeJS.Platform, importer: ModuleImporter = importModule): Promise<Record<string, unknown>> {
  const { packageName } = servicePlatform(platform);
  try {
    return (await importer(packageName)) as Record<string, unknown>;
  } catch (err) {
    if (isModuleMissing(err, packageName)) {
      throw new CliError([
        `Service management on ${platform} needs ${packageName}: npm i -g ${packageName}`,
        "It is an optional dependency of @clawd/cli and was not installed (for example with --omit=optional).",
      ]);
    }
    throw err;
  }
}

/** Loads `createService` from the platform package. */
export async function loadCreateService(platform: NodeJS.Platform, importer: ModuleImporter = importModule): Promise<CreateService> {
  const { packageName } = servicePlatform(platform);
  const create = (await loadDaemonModule(platform, importer)).createService;
  if (typeof create !== "function") throw new CliError(`${packageName} does not export createService; reinstall it: npm i -g ${packageName}`);
  return create as CreateService;
}

/** The gateway's service for this profile on this platform. */
export async function openGatewayService(
  paths: ProfilePaths,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  importer: ModuleImporter = importModule,
): Promise<{ service: DaemonService; name: string }> {
  const { nameKey } = servicePlatform(platform, paths.profile);
  const create = await loadCreateService(platform, importer);
  const name = serviceNames(paths.profile)[nameKey];
  // Hints from the daemon packages name this profile (`clawd --profile p gateway install`).
  const hint = (command: string) => commandHint(paths.profile, command);
  return { service: create({ name, home: paths.home, stateDir: paths.stateDir, env, commandHint: hint }), name };
}
