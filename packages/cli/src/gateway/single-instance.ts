import { request } from "node:http";

/** How long the `/healthz` probe of an occupied port may take. */
export const HEALTHZ_PROBE_TIMEOUT_MS = 1500;

/** What holds the port we want. */
export type PortOwner = { kind: "free" } | { kind: "ours"; pid: number | undefined } | { kind: "other" };

/** The parts of `@clawd/ports` this check needs; tests may pass fakes. */
export interface PortInspector {
  isPortFree(port: number, host?: string): Promise<boolean>;
  findListeners(port: number): Promise<Array<{ pid: number }>>;
}

/** GETs `/healthz` on loopback; true when the answer looks like a Clawd gateway. */
export function isOurGateway(port: number, timeoutMs = HEALTHZ_PROBE_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/healthz", method: "GET", timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        if (body.length < 64 * 1024) body += chunk;
      });
      res.on("end", () => {
        try {
          const json = JSON.parse(body) as Record<string, unknown>;
          resolve(typeof json.ok === "boolean" && typeof json.transport === "string");
        } catch {
          resolve(false);
        }
      });
      res.on("error", () => resolve(false));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}

/** SPEC §3 step 5: is the port free, held by our own gateway, or by something else? */
export async function inspectPortOwner(port: number, hosts: readonly string[], ports: PortInspector): Promise<PortOwner> {
  const free = await Promise.all(hosts.map((host) => ports.isPortFree(port, host)));
  if (free.every(Boolean)) return { kind: "free" };
  if (await isOurGateway(port)) {
    const listeners = await ports.findListeners(port).catch(() => []);
    return { kind: "ours", pid: listeners.find((l) => l.pid !== process.pid)?.pid };
  }
  return { kind: "other" };
}
