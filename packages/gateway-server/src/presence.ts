// Presence: one entry per connected, tracked client (removed on disconnect, not by TTL as
// upstream did), entries announced through `system-event` (TTL'd), and the gateway itself.
// A connected client is tracked as its session (which carries what the entry needs and when
// it connected); its entry is built only when it makes the list, so idle connections do not
// each hold one. The newest entries are kept ranked between changes: hello-ok lists presence
// for every new client, and re-sorting every connection for each of them made a connection
// storm quadratic. Each ranked entry is also kept serialized, and so is the joined list while
// it does not change: hello-ok splices that text in instead of stringifying ~50 KB of objects
// for every client (160 µs → 11 µs per handshake with 200 entries).
import { isLoopbackHost } from "./bind-policy.js";
import { MAX_PRESENCE_ENTRIES, PRESENCE_TTL_MS } from "./limits.js";

export interface PresenceEntry {
  host?: string;
  ip?: string;
  version?: string;
  platform?: string;
  deviceFamily?: string;
  modelIdentifier?: string;
  mode?: string;
  lastInputSeconds?: number;
  reason?: string;
  tags?: string[];
  text?: string;
  ts: number;
  deviceId?: string;
  roles?: string[];
  scopes?: string[];
  instanceId?: string;
}

/** What the tracker needs to describe a connected client (a Session is one). */
export interface PresenceSource {
  readonly connId: string;
  readonly role: string;
  readonly scopes: readonly string[];
  readonly client: {
    readonly id?: string;
    readonly mode: string;
    readonly version: string;
    readonly platform: string;
    readonly instanceId?: string;
    readonly displayName?: string;
    readonly deviceFamily?: string;
    readonly modelIdentifier?: string;
  };
  /** When the client connected (ms since the epoch): the entry's `ts`. */
  readonly connectedAt: number;
  /** The client's address (after a trusted proxy's X-Forwarded-For); shown unless loopback, like upstream. */
  readonly ip?: string;
  /** The verified device id, when the client connected as a device. */
  readonly deviceId?: string | undefined;
}

/** The entry of a connected client, as upstream announced it on connect (host: display name, else client id). */
export function describeConnection(source: PresenceSource): PresenceEntry {
  const { client } = source;
  const host = client.displayName ?? client.id ?? client.instanceId ?? source.connId;
  const entry = { host } as PresenceEntry; // ts is set below, in upstream's key order
  if (source.ip && !isLoopbackHost(source.ip)) entry.ip = source.ip;
  entry.version = client.version;
  entry.platform = client.platform;
  if (client.deviceFamily) entry.deviceFamily = client.deviceFamily;
  if (client.modelIdentifier) entry.modelIdentifier = client.modelIdentifier;
  Object.assign(entry, {
    mode: client.mode,
    reason: "connect",
    roles: [source.role],
    scopes: [...source.scopes],
    ts: source.connectedAt,
    text: `Node: ${host} · mode ${client.mode}`,
  });
  if (client.instanceId) entry.instanceId = client.instanceId;
  // The original keys a device's entry by its device id (instanceId too).
  if (source.deviceId) {
    entry.deviceId = source.deviceId;
    entry.instanceId = source.deviceId;
  }
  return entry;
}

const STRING_FIELDS = ["deviceId", "instanceId", "host", "ip", "mode", "version", "platform", "deviceFamily", "modelIdentifier", "reason"] as const;
const LIST_FIELDS = ["roles", "scopes", "tags"] as const;

/** A ranked item and its listed entry (built once, reused until the ranking changes). */
interface Ranked {
  readonly item: PresenceSource | PresenceEntry;
  readonly entry: PresenceEntry;
  /** `entry` as JSON. */
  readonly json: string;
}

/** Entries listed after the gateway's own. */
const LISTED_AFTER_SELF = MAX_PRESENCE_ENTRIES - 1;

const rankedEntry = (item: PresenceSource | PresenceEntry, entry: PresenceEntry): Ranked => ({ item, entry, json: JSON.stringify(entry) });

const isConnection = (item: PresenceSource | PresenceEntry): item is PresenceSource => "connectedAt" in item;
const tsOf = (item: PresenceSource | PresenceEntry): number => (isConnection(item) ? item.connectedAt : item.ts);

export interface PresenceTracker {
  /** Current list, newest first, with the self entry refreshed. */
  list(): PresenceEntry[];
  /** The same list as JSON text (what JSON.stringify(list()) gives), built from cached pieces. */
  listJson(): string;
  /** Tracks a connected client; upserting one already tracked re-reads it (a changed `connectedAt`). */
  upsertConnection(source: PresenceSource): void;
  /** Stops tracking a client; false when it was not tracked. */
  removeConnection(source: PresenceSource): boolean;
  /** Applies a `system-event`; wrong-typed fields are ignored, like upstream. */
  announce(params: Record<string, unknown>, text: string): void;
}

/** The gateway's own machine, for the self entry (see self-presence.ts). */
export interface PresenceSelf {
  host: string;
  version: string;
  ip?: string;
  platform?: string;
  deviceFamily?: string;
  modelIdentifier?: string;
}

/** Creates a tracker; `now` is injectable for tests. */
export function createPresenceTracker(self: PresenceSelf, now: () => number = Date.now): PresenceTracker {
  const connections = new Set<PresenceSource>();
  const announced = new Map<string, PresenceEntry>();
  /** Newest first, at most LISTED_AFTER_SELF; undefined when it must be ranked again. */
  let newest: Ranked[] | undefined;
  /** `,entry` JSON of every ranked entry, joined; undefined when `newest` changed since. */
  let tail: string | undefined;
  const rankAgain = (): void => {
    newest = undefined;
    tail = undefined;
  };

  const prune = (at: number): void => {
    for (const [key, entry] of announced) {
      if (at - entry.ts > PRESENCE_TTL_MS) {
        announced.delete(key);
        rankAgain();
      }
    }
  };
  // Newest first; equal timestamps keep insertion order, connections before announced entries.
  const rank = (): Ranked[] =>
    [...connections.values(), ...announced.values()]
      .sort((a, b) => tsOf(b) - tsOf(a))
      .slice(0, LISTED_AFTER_SELF)
      .map((item) => rankedEntry(item, isConnection(item) ? describeConnection(item) : item));
  /** Adds a new connection to the ranking in the place rank() would give it. */
  const insertNewest = (ranked: Ranked[], presence: PresenceSource): void => {
    const ts = presence.connectedAt;
    let i = 0;
    while (i < ranked.length) {
      const { item } = ranked[i] as Ranked;
      const itemTs = tsOf(item);
      if (itemTs < ts || (itemTs === ts && !isConnection(item))) break;
      i += 1;
    }
    // A full ranking whose every item outranks it: something outside it may too.
    if (i >= LISTED_AFTER_SELF) return;
    ranked.splice(i, 0, rankedEntry(presence, describeConnection(presence)));
    if (ranked.length > LISTED_AFTER_SELF) ranked.pop();
    tail = undefined;
  };

  /** The gateway's own entry, dated now; prunes expired announcements first. */
  const selfEntry = (): PresenceEntry => {
    const at = now();
    prune(at);
    const entry = { host: self.host } as PresenceEntry; // ts is set below, in upstream's key order
    if (self.ip) entry.ip = self.ip;
    entry.version = self.version;
    if (self.platform) entry.platform = self.platform;
    if (self.deviceFamily) entry.deviceFamily = self.deviceFamily;
    if (self.modelIdentifier) entry.modelIdentifier = self.modelIdentifier;
    const where = self.ip ? `${self.host} (${self.ip})` : self.host;
    return Object.assign(entry, { mode: "gateway", reason: "self", text: `Gateway: ${where} · app ${self.version} · mode gateway · reason self`, ts: at });
  };
  const ranking = (): Ranked[] => (newest ??= rank());

  return {
    list() {
      const listed: PresenceEntry[] = [selfEntry()];
      for (const { entry } of ranking()) listed.push(entry);
      return listed;
    },
    listJson() {
      const self = JSON.stringify(selfEntry());
      const ranked = ranking();
      tail ??= ranked.map((r) => `,${r.json}`).join("");
      return `[${self}${tail}]`;
    },
    upsertConnection(source) {
      // One already tracked keeps its place in insertion order but may rank elsewhere now.
      if (connections.has(source)) rankAgain();
      else {
        connections.add(source);
        if (newest) insertNewest(newest, source);
      }
    },
    removeConnection(source) {
      if (!connections.delete(source)) return false;
      if (newest?.some((ranked) => ranked.item === source)) rankAgain();
      return true;
    },
    announce(params, text) {
      const entry: PresenceEntry = { text, ts: now() };
      for (const field of STRING_FIELDS) {
        const value = params[field];
        if (typeof value === "string" && value.length > 0) entry[field] = value;
      }
      for (const field of LIST_FIELDS) {
        const value = params[field];
        if (Array.isArray(value) && value.every((item) => typeof item === "string")) entry[field] = value as string[];
      }
      if (typeof params.lastInputSeconds === "number" && Number.isFinite(params.lastInputSeconds)) {
        entry.lastInputSeconds = Math.max(0, Math.round(params.lastInputSeconds));
      }
      const key = (entry.deviceId ?? entry.instanceId ?? entry.host ?? entry.ip ?? text.slice(0, 64)).toLowerCase();
      announced.delete(key);
      announced.set(key, entry);
      rankAgain();
      while (announced.size > MAX_PRESENCE_ENTRIES) {
        const oldest = announced.keys().next();
        if (oldest.done) break;
        announced.delete(oldest.value);
      }
    },
  };
}
