export {
  createDashboardRoute,
  serveAsset,
  acceptsGzip,
  DASHBOARD_ASSET_MAX_AGE_S,
  DEFAULT_APP_DIR,
  type DashboardRequest,
  type DashboardResponse,
  type DashboardRouteOptions,
} from "./dashboard-route.js";
export { loadAssets, makeAsset, contentTypeOf, DASHBOARD_MANIFEST_FILE, type DashboardAsset, type DashboardManifest } from "./asset-store.js";
export { DASHBOARD_CSP, DASHBOARD_SECURITY_HEADERS } from "./security-headers.js";
export { dashboardUrl } from "./dashboard-url.js";
