// `wake` and `set-heartbeats`: the original's `system event` and `system heartbeat enable|disable`.
// The gateway runs no agent, so it keeps what they ask for (queued texts, the heartbeat switch),
// shows it in `status`, and hands each request to the host application's hooks.
import * as v from "valibot";
import { formatIssues } from "./connect-params.js";

const WakeParamsSchema = v.strictObject({
  mode: v.picklist(["now", "next-heartbeat"], "must be now or next-heartbeat"),
  text: v.pipe(v.string("must be a string"), v.minLength(1, "must be a non-empty string")),
});

/** A validated `wake` request. */
export type WakeRequest = v.InferOutput<typeof WakeParamsSchema>;

/** Validates `wake` params; the error names each field, like the original's. */
export function parseWakeParams(input: unknown): { ok: true; params: WakeRequest } | { ok: false; message: string } {
  const result = v.safeParse(WakeParamsSchema, input ?? {});
  if (result.success) return { ok: true, params: result.output };
  return { ok: false, message: `invalid wake params: ${formatIssues(result.issues)}` };
}

/** The texts `wake` queued for the next heartbeat (oldest dropped past `max`) and the heartbeat switch. */
export interface WakeState {
  readonly queued: readonly string[];
  heartbeatsEnabled: boolean;
  enqueue(text: string): void;
}

/** Creates the state; a text equal to the newest queued one is not queued twice (as upstream). */
export function createWakeState(max: number): WakeState {
  const queued: string[] = [];
  return {
    queued,
    heartbeatsEnabled: true,
    enqueue(text) {
      if (queued[queued.length - 1] === text) return;
      queued.push(text);
      if (queued.length > max) queued.splice(0, queued.length - max);
    },
  };
}
