// The doctor's transport check: uWS is ✓; a `ws` fallback is a warning that names the real
// cause (from the loader's failure codes) and what would give this machine uWS.
import type { Check } from "../commands/doctor.js";

/** The loader's coded failure, as @clawd/gateway-server reports it. */
export interface TransportFailure {
  candidate: string;
  code: string;
  reason: string;
  glibcNeeded?: string | undefined;
  glibcHave?: string | undefined;
}

/** What detectTransport() returns (kept structural so this file stays pure). */
export interface TransportFacts {
  transport: "uws" | "ws";
  detail: string;
  forced?: boolean;
  failures?: readonly TransportFailure[];
}

/** Node majors the carried uWS build (@btc-vision/uwebsockets.js 20.57) ships binaries for. */
export const UWS_NODE_MAJORS = [20, 22, 24, 25] as const;

/** The trufflesuite build that still gives Node 20 uWS on glibc 2.27–2.37 (not carried by default: install size). */
export const TRUFFLESUITE_UWS_SPEC = "@trufflesuite/uws-js-unofficial@20.30.0-unofficial.0";

/** Words the transport check; `nodeMajor` picks the advice (Node 20 is end of life, so its route is offered last). */
export function transportCheck(facts: TransportFacts, nodeMajor: number): Check {
  const name = "WebSocket transport";
  if (facts.transport === "uws") return { name, status: "ok", detail: `uws (${facts.detail})` };
  if (facts.forced) return { name, status: "ok", detail: facts.detail };
  const failures = facts.failures ?? [];
  const causes = failures.filter((f) => f.code !== "not-installed");
  const shown = (causes.length ? causes : failures).map((f) => `${f.candidate}: ${f.reason}`).join("; ");
  const detail = `ws fallback, ~5-20x more server CPU per event than uWS (${shown || facts.detail})`;
  return { name, status: "warn", detail, fix: transportFix(failures, nodeMajor) };
}

function transportFix(failures: readonly TransportFailure[], nodeMajor: number): string {
  const glibc = failures.find((f) => f.code === "glibc-too-old");
  if (glibc) {
    const node20 =
      nodeMajor === 20
        ? ` Or, while Node 20 (end of life since April 2026) is acceptable: npm i -g ${TRUFFLESUITE_UWS_SPEC} (glibc >= 2.27).`
        : ` Or run Node 20 (end of life since April 2026) with npm i -g ${TRUFFLESUITE_UWS_SPEC} (glibc >= 2.27).`;
    return `uWS needs glibc >= ${glibc.glibcNeeded ?? "2.38"} (this system has ${glibc.glibcHave ?? "an older one"}): Ubuntu 24.04+, Debian 13+, Fedora 39+, or a container image based on one.${node20}`;
  }
  if (failures.some((f) => f.code === "libc-mismatch"))
    return "The uWS builds need glibc >= 2.38: use a glibc-based system or image (e.g. node:22-trixie-slim), not Alpine/musl.";
  if (failures.length > 0 && failures.every((f) => f.code === "not-installed")) {
    return "The optional uWS package is not installed (npm --omit=optional, or its install failed): npm i -g @clawd/cli without --omit=optional.";
  }
  if (failures.some((f) => f.code === "abi-not-shipped") && !UWS_NODE_MAJORS.includes(nodeMajor as (typeof UWS_NODE_MAJORS)[number])) {
    return `No uWS build for Node ${nodeMajor}: use Node ${UWS_NODE_MAJORS.join(", ")}.`;
  }
  return "Reinstall @clawd/cli (npm i -g @clawd/cli); the gateway works on ws meanwhile.";
}
