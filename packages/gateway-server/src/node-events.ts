// What the gateway itself does with a node's `node.event` (the original's
// gateway/server-node-events.js, control-plane part): exec.started / exec.finished / exec.denied
// become a system event queued for the run's session, and the host is asked for a heartbeat
// now. chat.subscribe / chat.unsubscribe make the node follow a session (node-subscriptions.ts).
// voice.transcript and agent.request start agent runs, which need an agent our core does not
// have: they reach the host's hook and the plugins' `api.onNodeEvent` listeners, like every
// other node event. Anything else is ignored by the gateway, as the original does.
import type { SystemEventQueue } from "./system-events.js";

/** A node event as listeners get it: `payload` is `payloadJSON` parsed (undefined when absent or not JSON). */
export interface NodeEvent {
  nodeId: string;
  event: string;
  payloadJSON: string | null;
  payload: unknown;
}

/** The exec events the gateway turns into system events. */
export const EXEC_NODE_EVENTS: readonly string[] = ["exec.started", "exec.finished", "exec.denied"];

/** A system event the gateway queues for an exec event. */
export interface ExecSystemEvent {
  sessionKey: string;
  text: string;
  contextKey: string;
}

/** Parses a payloadJSON; undefined when absent or not JSON. */
export function parseNodeEventPayload(payloadJSON: string | null): unknown {
  if (payloadJSON === null) return undefined;
  try {
    return JSON.parse(payloadJSON);
  } catch {
    return undefined;
  }
}

const str = (value: unknown): string => (typeof value === "string" ? value.trim() : "");

/**
 * The line an exec event queues, worded as the original's, or null when there is nothing to
 * queue (no payload, a payload that is not JSON, an explicitly empty sessionKey). With no
 * sessionKey the line goes to `node-<nodeId>`.
 */
export function execEventSystemEvent(nodeId: string, event: string, payloadJSON: string | null): ExecSystemEvent | null {
  if (!EXEC_NODE_EVENTS.includes(event) || payloadJSON === null) return null;
  const parsed = parseNodeEventPayload(payloadJSON);
  if (parsed === undefined) return null;
  const obj = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const sessionKey = typeof obj.sessionKey === "string" ? obj.sessionKey.trim() : `node-${nodeId}`;
  if (!sessionKey) return null;
  const runId = str(obj.runId);
  const command = str(obj.command);
  const id = `node=${nodeId}${runId ? ` id=${runId}` : ""}`;
  let text: string;
  if (event === "exec.started") text = `Exec started (${id})${command ? `: ${command}` : ""}`;
  else if (event === "exec.finished") {
    const exitCode = typeof obj.exitCode === "number" && Number.isFinite(obj.exitCode) ? obj.exitCode : undefined;
    const output = str(obj.output);
    text = `Exec finished (${id}, ${obj.timedOut === true ? "timeout" : `code ${exitCode ?? "?"}`})${output ? `\n${output}` : ""}`;
  } else {
    const reason = str(obj.reason);
    text = `Exec denied (${id}${reason ? `, ${reason}` : ""})${command ? `: ${command}` : ""}`;
  }
  return { sessionKey, text, contextKey: runId ? `exec:${runId}` : "exec" };
}

/** Queues the exec event's system event; returns it when one was queued (so the caller can ask for a heartbeat). */
export function queueExecEvent(events: SystemEventQueue, nodeId: string, event: string, payloadJSON: string | null): ExecSystemEvent | null {
  const queued = execEventSystemEvent(nodeId, event, payloadJSON);
  if (!queued) return null;
  events.enqueue(queued.text, { sessionKey: queued.sessionKey, contextKey: queued.contextKey });
  return queued;
}

/** What chat.subscribe / chat.unsubscribe `{sessionKey}` ask for, or null (another event, no sessionKey). */
export function chatSubscription(event: string, payload: unknown): { subscribe: boolean; sessionKey: string } | null {
  if (event !== "chat.subscribe" && event !== "chat.unsubscribe") return null;
  const sessionKey = typeof payload === "object" && payload !== null ? str((payload as Record<string, unknown>).sessionKey) : "";
  return sessionKey ? { subscribe: event === "chat.subscribe", sessionKey } : null;
}
