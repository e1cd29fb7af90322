export { createService, SYSTEMCTL_STOP_TIMEOUT_MS, unitName } from "./systemd-service.js";
export { isOurUnit, parseUnit, parseUnitEntries, renderUnit, RESTART_DELAY_SEC, STOP_TIMEOUT_SEC, UNIT_MARKER } from "./unit.js";
export type { UnitEntry } from "./unit.js";
export {
  escapeSpecifiers,
  formatExecStart,
  parseEnvironmentValue,
  parseExecStart,
  quoteEnvironmentAssignment,
  quoteExecArg,
  splitWords,
  unescapeSpecifiers,
} from "./quote.js";
export { describeExit, parseSystemctlShow, parseSystemdDurationMs, STATUS_PROPERTIES, toServiceStatus } from "./systemctl-show.js";
export type { LingerStatus } from "./linger.js";
export {
  enableLinger,
  getLinger,
  LINGER_ENABLE_TIMEOUT_MS,
  LINGER_STATUS_TIMEOUT_MS,
  lingerAdvice,
  resolveLingerUser,
} from "./linger.js";
export type { HostFacts } from "./user-bus.js";
export { checkUserBus, detectHost, USER_BUS_TIMEOUT_MS, userBusHints } from "./user-bus.js";
export { userUnitDir } from "./unit-file.js";
export { LEGACY_UNIT_NAME, findLegacyUnits } from "./legacy-units.js";
