export {
  BOOTSTRAP_ATTEMPTS,
  BOOTSTRAP_RETRY_DELAY_MS,
  FALLBACK_UID,
  PLIST_MODE,
  createLaunchdService,
  createService,
} from "./launchd-service.js";
export type { LaunchdServiceOptions } from "./launchd-service.js";
export {
  LAUNCH_AGENT_MARKER,
  THROTTLE_INTERVAL_S,
  hasLaunchAgentMarker,
  launchAgentDict,
  parseLaunchAgent,
  renderLaunchAgent,
} from "./launch-agent.js";
export type { RenderLaunchAgentOptions } from "./launch-agent.js";
export { PLIST_DOCTYPE, PlistError, escapeXmlText, findXmlForbiddenChar, parsePlist, renderPlist } from "./plist.js";
export type { PlistDict, PlistValue } from "./plist.js";
export { parseLaunchctlPrint } from "./launchctl-print.js";
export type { LaunchctlPrintInfo } from "./launchctl-print.js";
export {
  LAUNCHCTL_NOT_FOUND_EXIT,
  isNoGuiSession,
  isNotLoaded,
  isRetryableBootstrap,
} from "./launchctl-output.js";
export { LEGACY_LAUNCH_AGENT_LABEL, findLegacyLaunchAgents, legacyAgentHint, legacyAgentRemoveCommand, legacyAgentService } from "./legacy-agents.js";
export type { LegacyLaunchAgent } from "./legacy-agents.js";
export { BOOTOUT_POLL_MS, BOOTOUT_WAIT_MS } from "./launchd-service.js";
