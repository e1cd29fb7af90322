// device.pair.list/approve/reject and device.token.rotate/revoke (original
// gateway/server-methods/devices.js): names, params, results and messages as the original.
import * as v from "valibot";
import { approvePairing, redactPairedDevice, rejectPairing, revokeDeviceToken, rotateDeviceToken } from "./device-pairing.js";
import type { DeviceStore } from "./device-store.js";
import { GatewayMethodError } from "./frames.js";
import type { MethodRegistry } from "./method-registry.js";
import { NonEmptyString, parseMethodParams } from "./method-params.js";
import { listPairState } from "./pair-listing.js";

const RequestIdParams = v.strictObject({ requestId: NonEmptyString });
const RotateParams = v.strictObject({ deviceId: NonEmptyString, role: NonEmptyString, scopes: v.optional(v.array(NonEmptyString)) });
const RevokeParams = v.strictObject({ deviceId: NonEmptyString, role: NonEmptyString });

export interface DeviceMethodDeps {
  store: DeviceStore;
  announce(event: "device.pair.resolved", payload: unknown): void;
  info(message: string): void;
}

/** Registers the device pairing and token methods (scope: operator.pairing). */
export function registerDeviceMethods(registry: MethodRegistry, deps: DeviceMethodDeps): void {
  const { store } = deps;
  const scope = { scope: "pairing" } as const;
  registry.register(
    "device.pair.list",
    async (params) => {
      parseMethodParams("device.pair.list", v.strictObject({}), params);
      return store.read((state) => listPairState(state, redactPairedDevice));
    },
    scope,
  );
  registry.register(
    "device.pair.approve",
    async (params) => {
      const { requestId } = parseMethodParams("device.pair.approve", RequestIdParams, params);
      const approved = await store.update((state) => {
        const result = approvePairing(state, requestId, store.clock);
        return { result, changed: result !== null };
      });
      if (!approved) throw new GatewayMethodError("INVALID_REQUEST", "unknown requestId");
      deps.info(`device pairing approved device=${approved.device.deviceId} role=${approved.device.role ?? "unknown"}`);
      deps.announce("device.pair.resolved", { requestId, deviceId: approved.device.deviceId, decision: "approved", ts: store.clock.now() });
      return { requestId, device: redactPairedDevice(approved.device) };
    },
    scope,
  );
  registry.register(
    "device.pair.reject",
    async (params) => {
      const { requestId } = parseMethodParams("device.pair.reject", RequestIdParams, params);
      const rejected = await store.update((state) => {
        const result = rejectPairing(state, requestId);
        return { result, changed: result !== null };
      });
      if (!rejected) throw new GatewayMethodError("INVALID_REQUEST", "unknown requestId");
      deps.announce("device.pair.resolved", { ...rejected, decision: "rejected", ts: store.clock.now() });
      return rejected;
    },
    scope,
  );
  registry.register(
    "device.token.rotate",
    async (params) => {
      const { deviceId, role, scopes } = parseMethodParams("device.token.rotate", RotateParams, params);
      const entry = await store.update((state) => {
        const result = rotateDeviceToken(state, { deviceId, role, scopes }, store.clock);
        return { result, changed: result !== null };
      });
      if (!entry) throw new GatewayMethodError("INVALID_REQUEST", "unknown deviceId/role");
      deps.info(`device token rotated device=${deviceId} role=${entry.role} scopes=${entry.scopes.join(",")}`);
      return { deviceId, role: entry.role, token: entry.token, scopes: entry.scopes, rotatedAtMs: entry.rotatedAtMs ?? entry.createdAtMs };
    },
    scope,
  );
  registry.register(
    "device.token.revoke",
    async (params) => {
      const { deviceId, role } = parseMethodParams("device.token.revoke", RevokeParams, params);
      const entry = await store.update((state) => {
        const result = revokeDeviceToken(state, { deviceId, role }, store.clock.now());
        return { result, changed: result !== null };
      });
      if (!entry) throw new GatewayMethodError("INVALID_REQUEST", "unknown deviceId/role");
      deps.info(`device token revoked device=${deviceId} role=${entry.role}`);
      return { deviceId, role: entry.role, revokedAtMs: entry.revokedAtMs };
    },
    scope,
  );
}
