// Which sessions each connected node follows (the original's server-node-subscriptions.js): a
// node sends `chat.subscribe {sessionKey}` / `chat.unsubscribe` as node events, and whatever the
// application emits for that session with `nodeSendToSession` (chat, agent events) reaches those
// nodes alone. A node's subscriptions end when it disconnects.

/** Most sessions one node may follow at once; further subscribes are ignored. */
export const MAX_NODE_SESSION_SUBSCRIPTIONS = 100;

export class NodeSubscriptions {
  private readonly byNode = new Map<string, Set<string>>();
  private readonly bySession = new Map<string, Set<string>>();

  constructor(private readonly maxPerNode = MAX_NODE_SESSION_SUBSCRIPTIONS) {}

  /** Adds the subscription; false when a key is blank or the node follows maxPerNode sessions already. */
  subscribe(nodeId: string, sessionKey: string): boolean {
    const node = nodeId.trim();
    const session = sessionKey.trim();
    if (!node || !session) return false;
    const sessions = this.byNode.get(node) ?? new Set<string>();
    if (sessions.has(session)) return true;
    if (sessions.size >= this.maxPerNode) return false;
    sessions.add(session);
    this.byNode.set(node, sessions);
    const nodes = this.bySession.get(session) ?? new Set<string>();
    nodes.add(node);
    this.bySession.set(session, nodes);
    return true;
  }

  /** Removes one subscription (a no-op when there is none). */
  unsubscribe(nodeId: string, sessionKey: string): void {
    const node = nodeId.trim();
    const session = sessionKey.trim();
    this.drop(this.byNode, node, session);
    this.drop(this.bySession, session, node);
  }

  /** Removes every subscription of the node (it disconnected). */
  unsubscribeAll(nodeId: string): void {
    const node = nodeId.trim();
    for (const session of this.byNode.get(node) ?? []) this.drop(this.bySession, session, node);
    this.byNode.delete(node);
  }

  /** The nodes following the session. */
  subscribers(sessionKey: string): string[] {
    return [...(this.bySession.get(sessionKey.trim()) ?? [])];
  }

  /** The sessions the node follows. */
  sessionsOf(nodeId: string): string[] {
    return [...(this.byNode.get(nodeId.trim()) ?? [])];
  }

  private drop(map: Map<string, Set<string>>, key: string, member: string): void {
    const set = map.get(key);
    if (!set) return;
    set.delete(member);
    if (set.size === 0) map.delete(key);
  }
}
