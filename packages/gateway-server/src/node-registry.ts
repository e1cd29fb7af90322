// Connected nodes and the invokes in flight to them (original gateway/node-registry.js):
// an invoke is sent to its node alone as `node.invoke.request` and settles on the node's
// `node.invoke.result`, its timeout, or the node's disconnect. Retries with the same
// idempotency key within a bounded window share the first attempt's outcome.
import { randomUUID } from "node:crypto";
import type { NodeConnectInfo } from "./node-connect.js";
import { NodeSubscriptions } from "./node-subscriptions.js";

/** How long an invoke waits for its node by default. */
export const NODE_INVOKE_TIMEOUT_MS = 30_000;
/** Longest timeout a caller may ask for. */
export const NODE_INVOKE_MAX_TIMEOUT_MS = 10 * 60_000;
/** How long an idempotency key is remembered after its invoke settled. */
export const NODE_INVOKE_IDEMPOTENCY_WINDOW_MS = 5 * 60_000;
/** Most idempotency keys remembered at once (the oldest are forgotten first). */
export const NODE_INVOKE_IDEMPOTENCY_MAX_KEYS = 1000;

/** A connected node: what its connect declared and how to reach it. */
export interface ConnectedNode extends NodeConnectInfo {
  nodeId: string;
  connId: string;
  connectedAtMs: number;
  /** Sends an event to the node alone; false when it could not be sent. */
  send(event: string, payload: unknown): boolean;
}

/** How an invoke ended, as the original's registry reports it. */
export type InvokeOutcome =
  | { ok: true; payload?: unknown; payloadJSON: string | null }
  | { ok: false; error: { code?: string; message?: string }; disconnected?: boolean };

export interface InvokeRequest {
  nodeId: string;
  command: string;
  params?: unknown;
  timeoutMs?: number | undefined;
  idempotencyKey: string;
}

interface Pending {
  nodeId: string;
  command: string;
  timer: NodeJS.Timeout;
  settle(outcome: InvokeOutcome): void;
}

export interface NodeRegistryOptions {
  invokeTimeoutMs?: number;
  idempotencyWindowMs?: number;
  idempotencyMaxKeys?: number;
  maxTimeoutMs?: number;
  now?: () => number;
}

/** Tracks connected nodes by id and routes invokes to them. */
export class NodeRegistry {
  private readonly nodes = new Map<string, ConnectedNode>();
  private readonly pending = new Map<string, Pending>();
  private readonly recent = new Map<string, { at: number; outcome: Promise<InvokeOutcome> }>();
  private readonly timeoutMs: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly maxTimeoutMs: number;
  private readonly now: () => number;
  /** Sessions each connected node follows (chat.subscribe); cleared when the node leaves. */
  readonly subscriptions = new NodeSubscriptions();

  constructor(options: NodeRegistryOptions = {}) {
    this.timeoutMs = options.invokeTimeoutMs ?? NODE_INVOKE_TIMEOUT_MS;
    this.windowMs = options.idempotencyWindowMs ?? NODE_INVOKE_IDEMPOTENCY_WINDOW_MS;
    this.maxKeys = options.idempotencyMaxKeys ?? NODE_INVOKE_IDEMPOTENCY_MAX_KEYS;
    this.maxTimeoutMs = options.maxTimeoutMs ?? NODE_INVOKE_MAX_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
  }

  /** Registers a node (a reconnect under the same id replaces the old entry). */
  register(node: ConnectedNode): void {
    this.nodes.set(node.nodeId, node);
  }

  /** Forgets the node of `connId` and fails its in-flight invokes at once; its id, or undefined. */
  unregister(nodeId: string, connId: string): boolean {
    const node = this.nodes.get(nodeId);
    if (!node || node.connId !== connId) return false;
    this.nodes.delete(nodeId);
    this.subscriptions.unsubscribeAll(nodeId);
    for (const [id, pending] of this.pending) {
      if (pending.nodeId !== nodeId) continue;
      this.pending.delete(id);
      clearTimeout(pending.timer);
      pending.settle({ ok: false, error: { code: "NOT_CONNECTED", message: `node disconnected (${pending.command})` }, disconnected: true });
    }
    return true;
  }

  /** The connected node with this id. */
  get(nodeId: string): ConnectedNode | undefined {
    return this.nodes.get(nodeId);
  }

  /** Sends `event` to every connected node following the session; returns how many got it. */
  sendToSession(sessionKey: string, event: string, payload: unknown): number {
    let sent = 0;
    for (const nodeId of this.subscriptions.subscribers(sessionKey)) {
      if (this.nodes.get(nodeId)?.send(event, payload)) sent += 1;
    }
    return sent;
  }

  /** Every connected node. */
  list(): ConnectedNode[] {
    return [...this.nodes.values()];
  }

  /** Invokes in flight (diagnostics and tests). */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Sends an invoke to its node and resolves with the outcome; a repeated idempotency key shares it. */
  invoke(request: InvokeRequest): Promise<InvokeOutcome> {
    const key = `${request.nodeId}\n${request.idempotencyKey}`;
    const now = this.now();
    this.forgetOld(now);
    const seen = this.recent.get(key);
    if (seen) return seen.outcome;
    const outcome = this.send(request);
    this.recent.set(key, { at: now, outcome });
    // A key is worth remembering only for an invoke the node was asked to run.
    void outcome.then((o) => {
      if (!o.ok && (o.error.code === "NOT_CONNECTED" || o.error.code === "SEND_FAILED")) this.recent.delete(key);
      else {
        const entry = this.recent.get(key);
        if (entry) entry.at = this.now();
      }
    });
    return outcome;
  }

  /** Settles the invoke `id` with the node's result; false for a late, unknown or foreign result. */
  handleResult(result: {
    id: string;
    nodeId: string;
    ok: boolean;
    payload?: unknown;
    payloadJSON?: string | null;
    error?: { code?: string; message?: string } | null;
  }): boolean {
    const pending = this.pending.get(result.id);
    if (!pending || pending.nodeId !== result.nodeId) return false;
    this.pending.delete(result.id);
    clearTimeout(pending.timer);
    pending.settle(
      result.ok
        ? { ok: true, payload: result.payload, payloadJSON: result.payloadJSON ?? null }
        : { ok: false, error: result.error ?? { message: "node invoke failed" } },
    );
    return true;
  }

  /** Fails every invoke in flight (gateway shutdown). */
  close(): void {
    for (const node of [...this.nodes.values()]) this.unregister(node.nodeId, node.connId);
  }

  private send(request: InvokeRequest): Promise<InvokeOutcome> {
    const node = this.nodes.get(request.nodeId);
    if (!node) return Promise.resolve({ ok: false, error: { code: "NOT_CONNECTED", message: "node not connected" } });
    const id = randomUUID();
    const timeoutMs = Math.min(Math.max(1, request.timeoutMs ?? this.timeoutMs), this.maxTimeoutMs);
    return new Promise<InvokeOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, error: { code: "TIMEOUT", message: "node invoke timed out" } });
      }, timeoutMs);
      timer.unref();
      this.pending.set(id, { nodeId: request.nodeId, command: request.command, timer, settle: resolve });
      const payload = {
        id,
        nodeId: request.nodeId,
        command: request.command,
        paramsJSON: request.params !== undefined ? JSON.stringify(request.params) : null,
        timeoutMs,
        idempotencyKey: request.idempotencyKey,
      };
      if (!node.send("node.invoke.request", payload)) {
        this.pending.delete(id);
        clearTimeout(timer);
        resolve({ ok: false, error: { code: "SEND_FAILED", message: "failed to send invoke to node" } });
      }
    });
  }

  private forgetOld(now: number): void {
    for (const [key, entry] of this.recent) {
      if (this.recent.size <= this.maxKeys && now - entry.at <= this.windowMs) break;
      this.recent.delete(key);
    }
  }
}
