// The doctor's service checks: is the gateway installed as a service, is it running, and
// (Linux) will it keep running after logout. None of them fails the run: running in the
// foreground is a valid setup too.
import { commandHint } from "../command-hint.js";
import type { ClawdConfig } from "../config/config-schema.js";
import { lingerCheck } from "./linger-check.js";
import { describeRuntime } from "./service-context.js";
import { describeLegacyService, inspectService } from "./service-status.js";

/** One doctor check (same shape as doctor.ts uses). */
export interface ServiceCheck {
  name: string;
  status: "ok" | "fail" | "warn";
  detail: string;
  fix?: string | undefined;
}

/** Service and linger checks for `clawd doctor`. */
export async function serviceChecks(profile: string | undefined, env: NodeJS.ProcessEnv, config: ClawdConfig): Promise<ServiceCheck[]> {
  const report = await inspectService(profile, env, config);
  // The original Clawdbot's services are reported whether ours is installed or not.
  const legacy: ServiceCheck[] = (report.status?.legacy ?? []).map((service) => ({
    name: "Original Clawdbot service",
    status: "warn",
    detail: describeLegacyService(service, report.port),
    fix: `Remove it: ${service.removeCommand}`,
  }));
  if (report.unavailable) {
    return [
      {
        name: "Service",
        status: "warn",
        detail: report.unavailable,
        fix: `Run the gateway in the foreground (${commandHint(profile, "gateway")}), or fix the above.`,
      },
    ];
  }
  const status = report.status;
  if (!status?.installed) {
    return [
      {
        name: "Service",
        status: "warn",
        detail: `not installed (${report.file})`,
        fix: `To keep the gateway running in the background: ${commandHint(profile, "gateway install")}`,
      },
      ...legacy,
    ];
  }
  const checks: ServiceCheck[] = [
    status.state === "running"
      ? { name: "Service", status: "ok", detail: `${report.kind} ${status.loadedText}, ${describeRuntime(status)}, port ${report.port}` }
      : {
          name: "Service",
          status: "warn",
          detail: `${report.kind} ${status.loadedText}, ${describeRuntime(status)}${report.lastError ? `; last error: ${report.lastError}` : ""}`,
          fix: `Start it: ${commandHint(profile, "gateway start")} (details: ${commandHint(profile, "gateway status")})`,
        },
  ];
  checks.push(...legacy);
  if (report.kind === "systemd") {
    const linger = await lingerCheck(env, false);
    checks.push(
      linger.state === "enabled"
        ? { name: "Linger", status: "ok", detail: linger.message }
        : {
            name: "Linger",
            status: "warn",
            detail: linger.message,
            fix: `${commandHint(profile, "gateway install --linger")} (or sudo loginctl enable-linger <user>)`,
          },
    );
  }
  return checks;
}
