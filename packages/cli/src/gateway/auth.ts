import { CliError } from "../cli-error.js";
import type { BindPlan } from "./bind.js";
import { isLoopbackHost } from "./bind.js";
import type { GatewaySettings } from "./gateway-settings.js";

/** The auth the server is started with. */
export interface ServerAuth {
  mode: "none" | "token" | "password";
  token?: string;
  password?: string;
}

const SECRET_FIX = "Set gateway.auth.token/password (or CLAWD_GATEWAY_TOKEN/CLAWD_GATEWAY_PASSWORD) or pass --token/--password.";

/**
 * The auth the gateway starts with (SPEC §3 step 4, Tailscale rules), judged on the resolved
 * hosts: the mode and its secret, or the error the user sees when that bind may not run with
 * that auth. (Judging one client's connect is @clawd/gateway-server's decideConnectAuth.)
 */
export function decideServerAuth(settings: Pick<GatewaySettings, "auth" | "tailscale">, plan: BindPlan): ServerAuth {
  const { mode, token, password } = settings.auth;
  if (mode === "token" && token === undefined) {
    throw new CliError(["Gateway auth is set to token, but no token is configured.", "Set gateway.auth.token (or CLAWD_GATEWAY_TOKEN), or pass --token."]);
  }
  if (mode === "password" && password === undefined) {
    throw new CliError([
      "Gateway auth is set to password, but no password is configured.",
      "Set gateway.auth.password (or CLAWD_GATEWAY_PASSWORD), or pass --password.",
    ]);
  }
  const exposed = plan.hosts.some((host) => !isLoopbackHost(host));
  if (exposed && mode === "none") {
    throw new CliError([`Refusing to bind gateway to ${plan.mode} without auth.`, SECRET_FIX]);
  }
  const tailscale = settings.tailscale.mode;
  if (tailscale !== "off" && exposed) {
    throw new CliError([`Tailscale ${tailscale} requires a loopback bind (current: ${plan.mode}).`, "Use --bind loopback; Tailscale forwards to it."]);
  }
  if (tailscale === "funnel" && mode !== "password") {
    throw new CliError([
      "Tailscale funnel requires password auth (the gateway is public on the internet).",
      "Set gateway.auth.password (or CLAWD_GATEWAY_PASSWORD) or pass --password.",
    ]);
  }
  if (mode === "token") return { mode, token: token as string };
  if (mode === "password") return { mode, password: password as string };
  return { mode: "none" };
}
