import {
  HANDSHAKE_TIMEOUT_MS,
  MAX_BUFFERED_BYTES,
  MAX_CONNECTIONS,
  MAX_IN_FLIGHT_REQUESTS,
  MAX_PAYLOAD_BYTES,
  MAX_PENDING_HANDSHAKES_PER_SOURCE,
  MAX_UPGRADE_HEADER_BYTES,
  type GatewayServerOptions,
} from "@clawd/gateway-server";
import { describe, expect, it } from "vitest";
import { GATEWAY_LIMITS, type GatewayLimitName, validateConfig } from "./config-schema.js";
import { resolveGatewaySettings } from "../gateway/gateway-settings.js";

const NAMES = Object.keys(GATEWAY_LIMITS) as GatewayLimitName[];
const issuesOf = (limits: unknown) => {
  const r = validateConfig({ gateway: { limits } });
  return r.ok ? [] : r.issues;
};

describe("gateway.limits", () => {
  it("exposes the seven server limits under the server's option names, with the server's defaults", () => {
    expect(NAMES).toEqual([
      "maxConnections",
      "maxPendingHandshakesPerSource",
      "maxPayloadBytes",
      "maxBufferedBytes",
      "handshakeTimeoutMs",
      "maxInFlightRequests",
      "maxUpgradeHeaderBytes",
    ]);
    // Compile-time: each name is a GatewayServerOptions key, so the settings spread into it type-checks.
    const asOptions: Partial<Pick<GatewayServerOptions, GatewayLimitName>> = resolveGatewaySettings(
      { gateway: { limits: { maxConnections: 5 } } },
      {},
      {},
    ).limits;
    expect(asOptions).toEqual({ maxConnections: 5 });
    expect(Object.fromEntries(NAMES.map((n) => [n, GATEWAY_LIMITS[n].default]))).toEqual({
      maxConnections: MAX_CONNECTIONS,
      maxPendingHandshakesPerSource: MAX_PENDING_HANDSHAKES_PER_SOURCE,
      maxPayloadBytes: MAX_PAYLOAD_BYTES,
      maxBufferedBytes: MAX_BUFFERED_BYTES,
      handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS,
      maxInFlightRequests: MAX_IN_FLIGHT_REQUESTS,
      maxUpgradeHeaderBytes: MAX_UPGRADE_HEADER_BYTES,
    });
    for (const n of NAMES) expect(GATEWAY_LIMITS[n].default).toBeGreaterThanOrEqual(GATEWAY_LIMITS[n].min);
    for (const n of NAMES) expect(GATEWAY_LIMITS[n].default).toBeLessThanOrEqual(GATEWAY_LIMITS[n].max);
  });

  it("accepts every limit at its bounds and its default, and passes them through the settings unchanged", () => {
    for (const pick of ["min", "max", "default"] as const) {
      const limits = Object.fromEntries(NAMES.map((n) => [n, GATEWAY_LIMITS[n][pick]]));
      const r = validateConfig({ gateway: { limits } });
      expect(r.ok, pick).toBe(true);
      if (r.ok) expect(resolveGatewaySettings(r.config, {}, {}).limits).toEqual(limits);
    }
    expect(validateConfig({ gateway: { limits: {} } }).ok).toBe(true);
    expect(resolveGatewaySettings({}, {}, {}).limits).toEqual({});
  });

  it.each(NAMES)("%s: out of range, fractional, string or null is refused with the range and what to do", (name) => {
    const { min, max } = GATEWAY_LIMITS[name];
    const message = `must be an integer from ${min} to ${max} (default ${GATEWAY_LIMITS[name].default}); set it in range or remove the key`;
    for (const bad of [min - 1, max + 1, min + 0.5, String(min), null, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(issuesOf({ [name]: bad }), `${name}=${String(bad)}`).toEqual([{ key: `gateway.limits.${name}`, message }]);
    }
  });

  it("maxConnections: the example from the issue reads as the user sees it", () => {
    expect(issuesOf({ maxConnections: 0 })).toEqual([
      { key: "gateway.limits.maxConnections", message: "must be an integer from 1 to 1000000 (default 8192); set it in range or remove the key" },
    ]);
  });

  it("is strict: a misspelt key is refused and the message lists the keys it takes", () => {
    expect(issuesOf({ maxConnection: 10 })).toEqual([
      { key: "gateway.limits.maxConnection", message: `unknown key; gateway.limits takes ${NAMES.join(", ")}` },
    ]);
    expect(validateConfig({ gateway: { limits: 5 } })).toEqual({ ok: false, issues: [{ key: "gateway.limits", message: "must be an object" }] });
  });
});
