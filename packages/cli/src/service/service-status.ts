// The service half of `clawd gateway status`: what the service manager says, the port the
// service listens on, and the last error the gateway logged when something is wrong.
import { type LegacyService, ServiceError, type ServiceStatus } from "@clawd/daemon";
import { box } from "consola/utils";
import { CliError } from "../cli-error.js";
import { resolvePaths } from "../config/paths.js";
import { findLastGatewayError } from "./last-error.js";
import type { ClawdConfig } from "../config/config-schema.js";
import { resolveGatewaySettings } from "../gateway/gateway-settings.js";
import { openGatewayService } from "./service-loader.js";
import { describeRuntime, portFromSpec } from "./service-context.js";
import { errorLogPath } from "./service-spec.js";

/** What the service box shows (and `--json` prints under `service`). */
export interface ServiceReport {
  /** `systemd`, `launchd`, `schtasks`, or undefined when the platform package is missing. */
  kind: string | undefined;
  label: string;
  file: string | undefined;
  status: ServiceStatus | undefined;
  /** Why the service could not be inspected (e.g. the platform package is not installed). */
  unavailable: string | undefined;
  port: number;
  lastError: string | undefined;
}

/** Inspects the gateway's service for this profile; never throws for an expected failure. */
export async function inspectService(profile: string | undefined, env: NodeJS.ProcessEnv, config: ClawdConfig): Promise<ServiceReport> {
  const paths = resolvePaths(profile, env);
  const configuredPort = resolveGatewaySettings(config, {}, env).port;
  try {
    const { service } = await openGatewayService(paths, env);
    const [status, spec] = await Promise.all([service.status(), service.readInstalled().catch(() => null)]);
    const port = portFromSpec(spec) ?? configuredPort;
    const lastError = status.state === "running" ? undefined : await findLastGatewayError([errorLogPath(paths), paths.logFile]);
    return { kind: service.kind, label: service.label, file: service.filePath, status, unavailable: undefined, port, lastError };
  } catch (err) {
    const reason = CliError.isInstance(err) ? err.lines[0] : ServiceError.isInstance(err) ? err.message : undefined;
    if (reason === undefined) throw err;
    return { kind: undefined, label: "service", file: undefined, status: undefined, unavailable: reason, port: configuredPort, lastError: undefined };
  }
}

/** Draws a titled box the way SPEC §4 shows it (one space of padding left and right). */
export function titledBox(title: string, lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length));
  const padded = lines.map((l) => ` ${l.padEnd(width)} `).join("\n");
  return `${title}\n${box(padded, { style: { borderStyle: "solid", padding: 0, marginLeft: 0, marginTop: 0, marginBottom: 0 } })}`;
}

/** One of the original Clawdbot's services, and the command that removes it (we never do). */
export function describeLegacyService(legacy: LegacyService, port: number): string {
  return `The original Clawdbot's ${legacy.label} ${legacy.name}${legacy.file ? ` (${legacy.file})` : ""} is installed too and competes for port ${port}.`;
}

/** What goes under the service box: the manager's hints, then each original Clawdbot service with its removal command. */
export function serviceNotes(report: ServiceReport): string[] {
  const status = report.status;
  return [
    ...(status?.hints ?? []),
    ...(status?.legacy ?? []).flatMap((legacy) => [`! ${describeLegacyService(legacy, report.port)}`, `  Remove it: ${legacy.removeCommand}`]),
  ];
}

/** Renders the "Gateway service status" box. */
export function renderServiceBox(report: ServiceReport, rpcOk: boolean | undefined): string {
  const { status } = report;
  const service = report.unavailable
    ? `Service: unavailable (${report.unavailable})`
    : !status?.installed
      ? `Service: ${report.kind} (not installed${status?.state === "unknown" && status.detail ? `; ${status.detail}` : ""})`
      : `Service: ${report.kind} (${status.loadedText})`;
  const runtime = status?.installed ? describeRuntime(status) : "-";
  const lastError = report.lastError ?? (rpcOk === false && status?.state === "running" ? "none logged (the RPC probe failed)" : "none");
  return titledBox("Gateway service status", [service, `Runtime: ${runtime}`, `Port: ${report.port}`, `Last gateway error: ${lastError}`]);
}
