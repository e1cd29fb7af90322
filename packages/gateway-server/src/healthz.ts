// HTTP on the gateway port: GET/HEAD /healthz answers JSON, everything else is 404.
import type { HttpReply } from "./transport.js";

export interface HealthzInfo {
  ok: boolean;
  version: string;
  uptimeMs: number;
  connections: number;
  transport: "uws" | "ws";
}

/** Routes one non-upgrade HTTP request (pure: the server passes current numbers in). */
export function routeHttp(method: string, path: string, info: () => HealthzInfo): HttpReply {
  const cleanPath = path.split("?")[0] ?? path;
  if ((method === "GET" || method === "HEAD") && (cleanPath === "/healthz" || cleanPath === "/healthz/")) {
    return { status: 200, contentType: "application/json; charset=utf-8", body: JSON.stringify(info()) };
  }
  return { status: 404, contentType: "text/plain; charset=utf-8", body: "Not Found" };
}
