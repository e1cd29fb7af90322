// `clawd gateway --dev` (what `pnpm start` runs) should start even when its configured port is
// taken by something that is not our dev gateway: it picks the next free port and says which.
// Our own gateway on that port is still refused by the single-instance check.
import type { Output } from "../output/output.js";
import type { ProfilePaths } from "../config/paths.js";
import { identifyPortHolder } from "./port-holder.js";
import type { PortInspector } from "./single-instance.js";

/** How many ports above the configured one --dev tries before giving up. */
export const DEV_PORT_SEARCH_SPAN = 20;

/**
 * The port a dev gateway should use: `port` unless a stranger holds it, then the first free
 * port above it (within DEV_PORT_SEARCH_SPAN). Returns `port` unchanged when none is free,
 * so the usual refusal explains the holder.
 */
export async function pickDevPort(
  port: number,
  hosts: readonly string[],
  ports: PortInspector & { explainPortInUse(port: number): Promise<{ text: string }> },
  paths: ProfilePaths,
  env: NodeJS.ProcessEnv,
  out: Output,
  span = DEV_PORT_SEARCH_SPAN,
): Promise<number> {
  const holder = await identifyPortHolder(port, hosts, ports, paths, env);
  if (holder.kind !== "other") return port;
  for (let candidate = port + 1; candidate <= Math.min(port + span, 65535); candidate++) {
    const free = await Promise.all(hosts.map((host) => ports.isPortFree(candidate, host)));
    if (!free.every(Boolean)) continue;
    const who = (await ports.explainPortInUse(port)).text.split("\n")[0]?.trim();
    out.warn(`dev: port ${port} is taken by another program${who ? ` (${who})` : ""}; using port ${candidate} instead (pass --port to choose)`);
    return candidate;
  }
  return port;
}
