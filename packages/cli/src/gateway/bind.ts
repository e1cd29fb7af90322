import { isLoopbackHost } from "@clawd/gateway-server";
import { createServer } from "node:net";
import { type NetworkInterfaceInfo, networkInterfaces } from "node:os";
import { CliError } from "../cli-error.js";
import { commandHint } from "../command-hint.js";
import type { BindMode } from "../config/config-schema.js";

/** The hosts to listen on, and the addresses to print one `listening on` line for. */
export interface BindPlan {
  mode: BindMode;
  hosts: string[];
  displayHosts: string[];
}

/** What bind resolution needs from the machine; tests pass fakes. */
export interface BindEnvironment {
  interfaces: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  canBind: (host: string) => Promise<boolean>;
}

/** The server's predicate, re-exported: the CLI and the gateway must agree on what is loopback (issue 14 defect 9). */
export { isLoopbackHost };

/** True for an address inside Tailscale's CGNAT range 100.64.0.0/10. */
export function isTailnetIPv4(address: string): boolean {
  const m = /^100\.(\d+)\.\d+\.\d+$/.exec(address);
  return m !== null && Number(m[1]) >= 64 && Number(m[1]) <= 127;
}

function externalIPv4(env: BindEnvironment): string[] {
  const out: string[] = [];
  for (const list of Object.values(env.interfaces())) {
    for (const info of list ?? []) {
      if (info.family === "IPv4" && !info.internal && !out.includes(info.address)) out.push(info.address);
    }
  }
  return out;
}

async function loopbackHosts(env: BindEnvironment): Promise<string[]> {
  return (await env.canBind("::1")) ? ["127.0.0.1", "::1"] : ["127.0.0.1"];
}

/**
 * The one bind resolution (SPEC §3 "Bind modes"). Never falls back silently: a tailnet
 * bind without a tailnet address or an unbindable custom host is an error. `options.profile`
 * is named in the hints (`clawd --profile p …`).
 */
export async function resolveBindHosts(
  mode: BindMode,
  options: { customHost?: string | undefined; authConfigured: boolean; profile?: string | undefined },
  env: BindEnvironment = systemBindEnvironment,
): Promise<BindPlan> {
  switch (mode) {
    case "loopback": {
      const hosts = await loopbackHosts(env);
      return { mode, hosts, displayHosts: hosts };
    }
    case "lan":
      return { mode, hosts: ["0.0.0.0"], displayHosts: ["127.0.0.1", ...externalIPv4(env)] };
    case "auto":
      if (options.authConfigured) return { mode, hosts: ["0.0.0.0"], displayHosts: ["127.0.0.1", ...externalIPv4(env)] };
      return { mode, hosts: await loopbackHosts(env), displayHosts: await loopbackHosts(env) };
    case "tailnet": {
      const address = externalIPv4(env).find(isTailnetIPv4);
      if (!address) {
        throw new CliError([
          "Cannot bind gateway to tailnet: no Tailscale address (100.64.0.0/10) on this machine.",
          "Start Tailscale (tailscale up) or use --bind loopback.",
        ]);
      }
      return { mode, hosts: [address], displayHosts: [address] };
    }
    case "custom": {
      const host = options.customHost;
      if (!host) {
        throw new CliError([
          "Cannot bind gateway to custom: no host given.",
          `Pass --host <ip> or run: ${commandHint(options.profile, "config set gateway.customBindHost <ip>")}`,
        ]);
      }
      if (!(await env.canBind(host))) {
        throw new CliError([
          `Cannot bind gateway to ${host}: the address is not available on this machine.`,
          "Pick an address of this machine (ip addr) or use --bind loopback.",
        ]);
      }
      return { mode, hosts: [host], displayHosts: [host] };
    }
  }
}

/** Tries to listen on `host` with an ephemeral port; true when that works. */
export function canBindHost(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ host, port: 0, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The real machine. */
export const systemBindEnvironment: BindEnvironment = { interfaces: networkInterfaces, canBind: canBindHost };

/** `ws://host:port`, with IPv6 hosts bracketed. */
export function wsUrl(host: string, port: number): string {
  return `ws://${host.includes(":") ? `[${host}]` : host}:${port}`;
}
