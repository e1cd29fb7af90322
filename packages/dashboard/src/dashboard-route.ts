// The HTTP route the CLI hands to the gateway server (`httpRoute`): `/` and the hashed assets,
// gzipped when the browser accepts it, ETag revalidation for the page, 404 for anything else.
import { fileURLToPath } from "node:url";
import { type DashboardAsset, loadAssets } from "./asset-store.js";
import { DASHBOARD_SECURITY_HEADERS } from "./security-headers.js";

/** Cache lifetime of hashed assets, in seconds (one year: their names change with their bytes). */
export const DASHBOARD_ASSET_MAX_AGE_S = 31_536_000;

/** Request shape of `@clawd/gateway-server`'s `httpRoute` (structural: no runtime dependency). */
export interface DashboardRequest {
  readonly method: string;
  readonly path: string;
  header(name: string): string;
}

/** Response shape of `@clawd/gateway-server`'s `httpRoute`. */
export interface DashboardResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

export interface DashboardRouteOptions {
  /** Directory of the built app (default: the one shipped in this package). */
  appDir?: string;
  /** Cache lifetime of hashed assets in seconds (default DASHBOARD_ASSET_MAX_AGE_S). */
  assetMaxAgeS?: number;
}

/** The built app shipped inside this package. */
export const DEFAULT_APP_DIR = fileURLToPath(new URL("./app/", import.meta.url));

/** True when Accept-Encoding allows gzip (an explicit `q=0` refuses it). */
export function acceptsGzip(acceptEncoding: string): boolean {
  for (const part of acceptEncoding.toLowerCase().split(",")) {
    const [coding, ...params] = part.trim().split(";");
    if (coding?.trim() !== "gzip" && coding?.trim() !== "*") continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

/** Answers one request from the loaded assets; undefined lets the gateway answer 404. */
export function serveAsset(assets: ReadonlyMap<string, DashboardAsset>, request: DashboardRequest, assetMaxAgeS: number): DashboardResponse | undefined {
  const asset = assets.get(request.path);
  if (!asset) return undefined;
  const headers: Record<string, string> = {
    ...DASHBOARD_SECURITY_HEADERS,
    "content-type": asset.contentType,
    etag: asset.etag,
    vary: "accept-encoding",
    // The page is revalidated every time (it names the current hashed assets); those never change.
    "cache-control": asset.immutable ? `public, max-age=${assetMaxAgeS}, immutable` : "no-cache",
  };
  if (request.header("if-none-match") === asset.etag) return { status: 304, headers, body: "" };
  if (acceptsGzip(request.header("accept-encoding"))) {
    return { status: 200, headers: { ...headers, "content-encoding": "gzip" }, body: asset.gzip };
  }
  return { status: 200, headers, body: asset.body };
}

/** Creates the route serving the dashboard; reads and compresses the built app once, now. */
export function createDashboardRoute(options: DashboardRouteOptions = {}): (request: DashboardRequest) => DashboardResponse | undefined {
  const maxAge = options.assetMaxAgeS ?? DASHBOARD_ASSET_MAX_AGE_S;
  if (!Number.isInteger(maxAge) || maxAge < 0) throw new Error(`invalid option assetMaxAgeS: expected a non-negative integer, got ${String(maxAge)}`);
  const assets = loadAssets(options.appDir ?? DEFAULT_APP_DIR);
  return (request) => serveAsset(assets, request, maxAge);
}
