// `wake` and `set-heartbeats`: the original's `system event` and `system heartbeat enable|disable`.
// The gateway runs no agent, so it keeps what they ask for (the text queued as a system event on
// the main session, the heartbeat switch), shows it in `status`, and hands each request to the
// host application's hooks.
import * as v from "valibot";
import { formatIssues } from "./connect-params.js";
import type { SystemEventQueue } from "./system-events.js";

const WakeParamsSchema = v.strictObject({
  mode: v.picklist(["now", "next-heartbeat"], "must be now or next-heartbeat"),
  text: v.pipe(v.string("must be a string"), v.minLength(1, "must be a non-empty string")),
});

/**
 * What the host's wake hook gets: a validated `wake` request, or — with `reason: "exec-event"`
 * and the session it was queued for — a node's exec event that asks for a heartbeat now.
 */
export type WakeRequest = v.InferOutput<typeof WakeParamsSchema> & { sessionKey?: string; reason?: "exec-event" };

/** Validates `wake` params; the error names each field, like the original's. */
export function parseWakeParams(input: unknown): { ok: true; params: WakeRequest } | { ok: false; message: string } {
  const result = v.safeParse(WakeParamsSchema, input ?? {});
  if (result.success) return { ok: true, params: result.output };
  return { ok: false, message: `invalid wake params: ${formatIssues(result.issues)}` };
}

/** The heartbeat switch, and the system-event queues `wake` adds to (on the main session, as the original). */
export interface WakeState {
  heartbeatsEnabled: boolean;
  /** The session `wake` queues into and `status.queuedSystemEvents` shows (hello-ok's `mainSessionKey`). */
  readonly mainSessionKey: string;
  readonly events: SystemEventQueue;
}

/** Creates the state around the gateway's system-event queues. */
export function createWakeState(events: SystemEventQueue, mainSessionKey: string): WakeState {
  return { heartbeatsEnabled: true, mainSessionKey, events };
}
