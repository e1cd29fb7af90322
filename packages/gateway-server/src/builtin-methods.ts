// Methods the gateway serves itself: health, status, system-presence, system-event,
// last-heartbeat, logs.tail (protocol §4.3–4.8), wake and set-heartbeats.
import { GatewayMethodError } from "./frames.js";
import { parseLogsTailParams, readLogsTail } from "./logs-tail.js";
import type { MethodRegistry } from "./method-registry.js";
import type { PresenceTracker } from "./presence.js";
import { buildHealthSummary, buildStatusSummary } from "./summaries.js";
import { parseWakeParams, type WakeRequest, type WakeState } from "./wake.js";
import type { PresenceEventLines } from "./presence-events.js";

export interface BuiltinDeps {
  presence: PresenceTracker;
  logFile?: string | undefined;
  stats(): unknown;
  lastHeartbeat(): unknown;
  /** Called after a system-event changed presence (bumps the version and broadcasts). */
  presenceChanged(): void;
  wake: WakeState;
  /** Turns `system-event` texts into the main session's system events. */
  presenceLines: PresenceEventLines;
  /** The host application's hooks (it runs the heartbeats, if any). */
  onWake?: ((request: WakeRequest) => void) | undefined;
  onSetHeartbeats?: ((enabled: boolean) => void) | undefined;
}

/** Registers the built-in methods with their scopes. */
export function registerBuiltinMethods(registry: MethodRegistry, deps: BuiltinDeps): void {
  registry.register("health", () => buildHealthSummary(Date.now()), { scope: "read" });
  // queuedSystemEvents is the main session's queue (as the original); gateway.systemEvents has every session's.
  registry.register(
    "status",
    () => {
      const { events, mainSessionKey, heartbeatsEnabled } = deps.wake;
      const systemEvents = Object.fromEntries(events.sessions().map(({ sessionKey, events: queued }) => [sessionKey, queued.map((e) => e.text)]));
      return buildStatusSummary(
        { ...(deps.stats() as object), methods: registry.scopes(), systemEvents },
        {
          queuedSystemEvents: events.peek(mainSessionKey).map((e) => e.text),
          heartbeatsEnabled,
        },
      );
    },
    { scope: "read" },
  );
  registry.register("system-presence", () => deps.presence.list(), { scope: "read" });
  registry.register("last-heartbeat", () => deps.lastHeartbeat() ?? null, { scope: "read" });
  registry.register(
    "system-event",
    (params) => {
      const record = (typeof params === "object" && params !== null ? params : {}) as Record<string, unknown>;
      const text = typeof record.text === "string" ? record.text.trim() : "";
      if (!text) throw new GatewayMethodError("INVALID_REQUEST", "text required");
      deps.presence.announce(record, text);
      // Queued on the main session, as the original: the text itself, or a node line's changes.
      deps.presenceLines.queue(record, text, deps.wake.mainSessionKey);
      deps.presenceChanged();
      return { ok: true };
    },
    { scope: "admin" },
  );
  registry.register(
    "wake",
    (params) => {
      const parsed = parseWakeParams(params);
      if (!parsed.ok) throw new GatewayMethodError("INVALID_REQUEST", parsed.message);
      const text = parsed.params.text.trim();
      if (!text) return { ok: false };
      deps.wake.events.enqueue(text, { sessionKey: deps.wake.mainSessionKey });
      deps.onWake?.({ mode: parsed.params.mode, text });
      return { ok: true };
    },
    { scope: "write" },
  );
  registry.register(
    "set-heartbeats",
    (params) => {
      const enabled = (params as Record<string, unknown> | null)?.enabled;
      if (typeof enabled !== "boolean") throw new GatewayMethodError("INVALID_REQUEST", "invalid set-heartbeats params: enabled (boolean) required");
      deps.wake.heartbeatsEnabled = enabled;
      deps.onSetHeartbeats?.(enabled);
      return { ok: true, enabled };
    },
    { scope: "admin" },
  );
  registry.register(
    "logs.tail",
    async (params) => {
      const parsed = parseLogsTailParams(params);
      if (!parsed.ok) throw new GatewayMethodError("INVALID_REQUEST", parsed.message);
      if (!deps.logFile) throw new GatewayMethodError("UNAVAILABLE", "log read failed: no log file configured on this gateway");
      try {
        return await readLogsTail(deps.logFile, parsed.params);
      } catch (error) {
        throw new GatewayMethodError("UNAVAILABLE", `log read failed: ${(error as Error).message}`);
      }
    },
    { scope: "read" },
  );
}
