// The one port resolution shared by `gateway run`, the service commands and every RPC command,
// so `install --port N` and `health`/`call`/`probe` can never disagree about where the gateway is.
import { CliError } from "../cli-error.js";
import { DEFAULT_GATEWAY_PORT } from "./default-ports.js";
import { parsePort } from "./flags.js";

/** Where the port came from, in precedence order. */
export type GatewayPortSource = "--port" | "CLAWD_GATEWAY_PORT" | `running gateway (PID ${number})` | "installed service" | "gateway.port" | "default";

/** The candidates, each `undefined` when absent. `running` and `servicePort` are only given by RPC commands. */
export interface GatewayPortInputs {
  flag?: number | undefined;
  env: NodeJS.ProcessEnv;
  /** A live foreground gateway of this profile (its runtime file, see runtime-file.ts). */
  running?: { pid: number; port: number } | undefined;
  servicePort?: number | undefined;
  configPort?: number | undefined;
}

/** `CLAWD_GATEWAY_PORT` parsed, or a CLI error that says to fix or unset it. */
export function envGatewayPort(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.CLAWD_GATEWAY_PORT?.trim() || undefined;
  if (raw === undefined) return undefined;
  try {
    return parsePort(raw, "CLAWD_GATEWAY_PORT");
  } catch (err) {
    throw new CliError([(err as Error).message, "Fix or unset CLAWD_GATEWAY_PORT."]);
  }
}

/**
 * The gateway port: `--port` → `CLAWD_GATEWAY_PORT` → a running foreground gateway's port →
 * the installed service's `--port` → `gateway.port` → 18789. What actually listens beats the config.
 */
export function resolveGatewayPort(inputs: GatewayPortInputs): { port: number; source: GatewayPortSource } {
  if (inputs.flag !== undefined) return { port: inputs.flag, source: "--port" };
  const envPort = envGatewayPort(inputs.env);
  if (envPort !== undefined) return { port: envPort, source: "CLAWD_GATEWAY_PORT" };
  if (inputs.running !== undefined) return { port: inputs.running.port, source: `running gateway (PID ${inputs.running.pid})` };
  if (inputs.servicePort !== undefined) return { port: inputs.servicePort, source: "installed service" };
  if (inputs.configPort !== undefined) return { port: inputs.configPort, source: "gateway.port" };
  return { port: DEFAULT_GATEWAY_PORT, source: "default" };
}
