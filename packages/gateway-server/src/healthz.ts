// HTTP on the gateway port: GET/HEAD /healthz answers JSON, then the caller's route, else 404.
import type { HttpRoute, HttpRouteRequest, HttpRouteResponse } from "./http-route.js";

export interface HealthzInfo {
  ok: boolean;
  version: string;
  uptimeMs: number;
  connections: number;
  transport: "uws" | "ws";
}

const TEXT = "text/plain; charset=utf-8";

/** Routes one non-upgrade HTTP request (pure: the server passes current numbers and the hook in). */
export function routeHttp(request: HttpRouteRequest, info: () => HealthzInfo, route?: HttpRoute): HttpRouteResponse {
  const { method, path } = request;
  const isRead = method === "GET" || method === "HEAD";
  if (isRead && (path === "/healthz" || path === "/healthz/")) {
    return { status: 200, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }, body: JSON.stringify(info()) };
  }
  if (isRead && route) {
    try {
      const reply = route(request);
      if (reply) return reply;
    } catch {
      // A broken route must not take the gateway down; the status says where to look.
      return { status: 500, headers: { "content-type": TEXT }, body: "Internal Server Error (HTTP route failed)" };
    }
  }
  return { status: 404, headers: { "content-type": TEXT }, body: "Not Found" };
}
