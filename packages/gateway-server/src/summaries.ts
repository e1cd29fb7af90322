// Payload shapes of `health` and `status` (protocol §4.3, §4.7, §10 items 4–5). The gateway
// has no channels, agents or sessions of its own, so those parts are empty but well-formed.

/** Minimal HealthSummary every upstream client can render. */
export function buildHealthSummary(now: number): Record<string, unknown> {
  return {
    ok: true,
    ts: now,
    durationMs: 0,
    channels: {},
    channelOrder: [],
    channelLabels: {},
    heartbeatSeconds: 0,
    defaultAgentId: "main",
    agents: [],
    sessions: { path: "", count: 0, recent: [] },
  };
}

/** StatusSummary skeleton plus a `gateway` section with live server counters and what `wake` queued. */
export function buildStatusSummary(
  gateway: unknown,
  wake: { queuedSystemEvents: string[]; heartbeatsEnabled: boolean } = { queuedSystemEvents: [], heartbeatsEnabled: true },
): Record<string, unknown> {
  return {
    heartbeat: { defaultAgentId: "main", agents: [], enabled: wake.heartbeatsEnabled },
    channelSummary: [],
    queuedSystemEvents: wake.queuedSystemEvents,
    sessions: { paths: [], count: 0, defaults: { model: null, contextTokens: null }, recent: [], byAgent: [] },
    gateway,
  };
}
