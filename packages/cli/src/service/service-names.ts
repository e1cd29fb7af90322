/** Names of the gateway's service on each platform, per profile (SPEC §2). */
export interface ServiceNames {
  /** systemd unit base name: `clawd-gateway`, `clawd-gateway-<p>`. */
  systemd: string;
  /** launchd label: `ai.clawd.gateway`, `ai.clawd.gateway.<p>`. */
  launchd: string;
  /** Windows task name: `Clawd Gateway`, `Clawd Gateway (<p>)`. */
  schtasks: string;
}

/** The service names for a profile (undefined = the default profile). */
export function serviceNames(profile: string | undefined): ServiceNames {
  return profile
    ? { systemd: `clawd-gateway-${profile}`, launchd: `ai.clawd.gateway.${profile}`, schtasks: `Clawd Gateway (${profile})` }
    : { systemd: "clawd-gateway", launchd: "ai.clawd.gateway", schtasks: "Clawd Gateway" };
}

/** Env var the service sets so the gateway knows a service manager appends its output to the log files. */
export const SERVICE_KIND_ENV = "CLAWD_SERVICE_KIND";
