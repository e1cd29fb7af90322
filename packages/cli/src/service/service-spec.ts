// What `clawd gateway install` asks the service manager to run. Secrets never go in here:
// the service reads them from the 0600 config file, like the foreground gateway does.
import { existsSync, readlinkSync, realpathSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildMinimalPath, type ServiceSpec } from "@clawd/daemon";
import { CliError } from "../cli-error.js";
import type { ProfilePaths } from "../config/paths.js";
import { SERVICE_KIND_ENV } from "./service-names.js";
import { VERSION } from "../version.js";
import { gatewayTuning } from "../gateway/gateway-tuning.js";

/** Inputs of the spec; all explicit so the builder stays pure. */
export interface GatewayServiceInputs {
  paths: ProfilePaths;
  port: number;
  kind: "systemd" | "launchd" | "schtasks";
  name: string;
  nodePath: string;
  cliEntry: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
}

/** Where the service manager appends the gateway's stderr (stdout goes to gateway.log). */
export function errorLogPath(paths: ProfilePaths): string {
  return join(dirname(paths.logFile), "gateway.err.log");
}

/** Builds the service spec for `node <memory flags> <cli> [--profile p] gateway --port <port>`. */
export function buildGatewayServiceSpec(inputs: GatewayServiceInputs): ServiceSpec {
  const { paths, port, kind, name, nodePath, cliEntry, env, platform } = inputs;
  const profileArgs = paths.profile ? ["--profile", paths.profile] : [];
  // The gateway's memory settings go on the command line and into the environment, so the
  // service starts tuned on every Node (no re-exec needed; see gateway-tuning.ts).
  const tuning = gatewayTuning(env);
  const environment: Record<string, string> = {
    ...tuning?.env,
    HOME: paths.home,
    PATH: buildMinimalPath({ env, platform, home: paths.home, extraDirs: [dirname(nodePath)] }),
    [SERVICE_KIND_ENV]: kind,
  };
  if (!paths.profile) {
    // Pin the paths the install saw, so the service reads the same config whatever its env.
    environment.CLAWD_STATE_DIR = paths.stateDir;
    environment.CLAWD_CONFIG_PATH = paths.configPath;
  }
  return {
    name,
    description: `Clawd Gateway${paths.profile ? ` (profile: ${paths.profile})` : ""} v${VERSION}`,
    programArguments: [nodePath, ...(tuning?.v8Flags ?? []), cliEntry, ...profileArgs, "gateway", "--port", String(port)],
    workingDirectory: paths.home,
    environment,
    stdoutPath: paths.logFile,
    stderrPath: errorLogPath(paths),
  };
}

const DIST_ENTRY = /[\\/]dist[\\/][^\\/]+\.(c|m)?js$/;

/**
 * The built CLI entry (`dist/cli.js`) the service runs, by the path the user ran it through:
 * pnpm and npm update symlinks such as `node_modules/@clawd/cli → .pnpm/@clawd+cli@1.2.3/…`
 * on upgrade, while the resolved path names a versioned folder the upgrade deletes.
 */
export function resolveCliEntry(argv1: string | undefined = process.argv[1], beside = fileURLToPath(new URL("./cli.js", import.meta.url))): string {
  const real = existsSync(beside) ? realpathSync(beside) : undefined;
  const invoked = argv1 ? invokedEntry(argv1) : undefined;
  if (invoked && (real === undefined || realpathSync(invoked) === real)) return invoked;
  if (real) return real;
  if (argv1 && existsSync(argv1)) return realpathSync(argv1);
  throw new CliError(["Cannot find the built clawd CLI to run as a service.", "Build it first (pnpm build) or install @clawd/cli."]);
}

/** argv[1] as given when it is a dist entry, or the entry an npm bin link names (one link deep). */
function invokedEntry(argv1: string): string | undefined {
  const full = resolve(argv1);
  if (!existsSync(full)) return undefined;
  if (DIST_ENTRY.test(full)) return full;
  try {
    const target = resolve(dirname(full), readlinkSync(full));
    return DIST_ENTRY.test(target) && existsSync(target) ? target : undefined;
  } catch {
    return undefined;
  }
}

/** A warning when the CLI runs from a temporary npx cache the service could lose. */
export function ephemeralEntryWarning(cliEntry: string): string | undefined {
  if (!/[\\/]_npx[\\/]/.test(cliEntry)) return undefined;
  return `The CLI runs from npx's cache (${cliEntry}), which npm may clean; install it for good first: npm i -g @clawd/cli`;
}
