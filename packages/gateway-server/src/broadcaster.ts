// Event fan-out with one global `seq`, serialized once per event and published per topic.
//
// Slow-consumer rule (upstream §5.3): a socket with more than maxBufferedBytes queued gets no
// droppable events, and a non-droppable event closes it with 1008 "slow consumer". With a
// publish-based fan-out we cannot check each socket inside the send loop, so each socket keeps
// an upper bound of its buffer (last measured + bytes sent since); only sockets whose bound
// crosses the threshold are measured. A slow socket is unsubscribed (publish skips it) until
// its buffer drains below the threshold again.
//
// A target keeps no list of its topics: while it is subscribed (not slow, still a target) it is
// subscribed to exactly the topics `wantedTopics` names, because scopes are only ever learned
// and each new one is subscribed for every non-slow target at once.
import { eventFrame, serializeFrame, type StateVersion } from "./frames.js";
import { canReceiveScoped, type Role } from "./scopes.js";
import type { Connection } from "./transport.js";

/** Topic every authenticated socket subscribes to. */
export const TOPIC_ALL = "gateway/all";
/** Topic of events guarded by `scope`. */
export const scopeTopic = (scope: string): string => `gateway/scope/${scope}`;

/** Broadcast state of one authenticated socket (a Session is one: no object of its own per socket). */
export interface BroadcastTarget {
  readonly conn: Connection;
  readonly role: Role;
  readonly scopes: readonly string[];
  /** Published-byte total at which this socket's buffer could first exceed the threshold. */
  recheckAt: number;
  /** Unsubscribed from every topic until its buffer drains (or closed as a slow consumer). */
  slow: boolean;
}

export interface BroadcastOptions {
  dropIfSlow?: boolean;
  scope?: string;
  stateVersion?: StateVersion;
}

export interface BroadcastCounters {
  eventsBroadcast: number;
  eventsDropped: number;
  slowConsumersClosed: number;
}

export interface Broadcaster {
  /** Subscribes `target` to the events its role and scopes may receive; sets its `recheckAt` and `slow`. */
  add(target: BroadcastTarget): void;
  remove(target: BroadcastTarget): void;
  /** Serializes once, applies the slow-consumer rule, publishes; returns the event's seq. */
  broadcast(event: string, payload: unknown, options?: BroadcastOptions): number;
  /** Accounts for a direct send (a response) so the buffer bound stays an upper bound. */
  noteDirectSend(target: BroadcastTarget, bytes: number): void;
  /** Resubscribes a slow socket once its buffer is back under the threshold. */
  drain(target: BroadcastTarget): void;
  readonly seq: number;
  readonly counters: Readonly<BroadcastCounters>;
  readonly size: number;
}

/** Creates a broadcaster over a transport's `publish`; `closeSlow` closes a socket with 1008. */
export function createBroadcaster(deps: {
  publish(topic: string, text: string): void;
  maxBufferedBytes: number;
  closeSlow(target: BroadcastTarget): void;
  /** Called when a socket starts skipping droppable events (`true`) and when it drained (`false`). */
  onSlowChange?(target: BroadcastTarget, slow: boolean): void;
}): Broadcaster {
  const targets = new Set<BroadcastTarget>();
  const knownScopes = new Set<string>();
  const counters: BroadcastCounters = { eventsBroadcast: 0, eventsDropped: 0, slowConsumersClosed: 0 };
  const max = deps.maxBufferedBytes;
  let seq = 0;
  let published = 0;

  const wantedTopics = (target: BroadcastTarget): string[] => {
    const topics = [TOPIC_ALL];
    for (const scope of knownScopes) if (canReceiveScoped(target.role, target.scopes, scope)) topics.push(scopeTopic(scope));
    return topics;
  };
  const subscribeAll = (target: BroadcastTarget): void => {
    for (const topic of wantedTopics(target)) target.conn.subscribe(topic);
  };
  /** Unsubscribes a target that is subscribed (callers check `slow` and membership first). */
  const unsubscribeAll = (target: BroadcastTarget): void => {
    for (const topic of wantedTopics(target)) target.conn.unsubscribe(topic);
  };
  const measure = (target: BroadcastTarget): boolean => {
    const buffered = target.conn.bufferedAmount();
    target.recheckAt = published + (max - buffered);
    return buffered > max;
  };
  const learnScope = (scope: string): void => {
    if (knownScopes.has(scope)) return;
    knownScopes.add(scope);
    for (const target of targets) {
      if (!target.slow && canReceiveScoped(target.role, target.scopes, scope)) target.conn.subscribe(scopeTopic(scope));
    }
  };

  return {
    add(target) {
      if (targets.has(target)) return;
      target.slow = false;
      measure(target);
      subscribeAll(target);
      targets.add(target);
    },
    remove(target) {
      if (!targets.delete(target)) return;
      if (!target.slow) unsubscribeAll(target);
    },
    broadcast(event, payload, options = {}) {
      seq += 1;
      const eventSeq = seq;
      const toClose: BroadcastTarget[] = [];
      const text = serializeFrame(eventFrame(event, payload, seq, options.stateVersion));
      const scope = options.scope;
      if (scope !== undefined) learnScope(scope);
      for (const target of targets) {
        if (target.conn.closed || !canReceiveScoped(target.role, target.scopes, scope)) continue;
        const slow = target.slow || (published > target.recheckAt && measure(target));
        if (!slow) continue;
        if (options.dropIfSlow) {
          counters.eventsDropped += 1;
          if (!target.slow) {
            target.slow = true;
            unsubscribeAll(target);
            deps.onSlowChange?.(target, true);
          }
        } else {
          counters.slowConsumersClosed += 1;
          targets.delete(target);
          if (!target.slow) unsubscribeAll(target);
          toClose.push(target);
        }
      }
      deps.publish(scope === undefined ? TOPIC_ALL : scopeTopic(scope), text);
      published += Buffer.byteLength(text, "utf8");
      counters.eventsBroadcast += 1;
      // Closing may re-enter broadcast (presence on disconnect); do it after this event is out.
      for (const target of toClose) deps.closeSlow(target);
      return eventSeq;
    },
    noteDirectSend(target, bytes) {
      target.recheckAt -= bytes;
    },
    drain(target) {
      if (!target.slow || !targets.has(target) || target.conn.closed) return;
      if (measure(target)) return;
      target.slow = false;
      subscribeAll(target);
      deps.onSlowChange?.(target, false);
    },
    get seq() {
      return seq;
    },
    get counters() {
      return counters;
    },
    get size() {
      return targets.size;
    },
  };
}
