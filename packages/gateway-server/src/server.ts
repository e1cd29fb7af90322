// startGatewayServer: wires transport, sessions, broadcaster, presence and built-in methods.
import { resolveAuthConfig } from "./auth.js";
import { createAuthFailureLimiter } from "./auth-limiter.js";
import { createAdmission } from "./admission.js";
import { createAuthLog } from "./auth-log.js";
import { createForwardedTrust } from "./forwarded.js";
import { assertBindAllowed } from "./bind-policy.js";
import { createBroadcaster } from "./broadcaster.js";
import { registerBuiltinMethods } from "./builtin-methods.js";
import { eventFrame, serializeFrame, type StateVersion } from "./frames.js";
import { createHandshakeDeadlines } from "./handshake-deadlines.js";
import { routeHttp } from "./healthz.js";
import { NODE_FEATURE_EVENTS, registerNodeFeatures } from "./node-features.js";
import { buildHelloOk, DEFAULT_SESSION_DEFAULTS, GATEWAY_EVENTS, serializeHelloOkResponse } from "./hello.js";
import { callMethodAs, type MethodContext, type MethodHandler, MethodRegistry } from "./method-registry.js";
import { type GatewayServerOptions, resolveLimits, silentLogger } from "./options.js";
import { createConnIdFormatter } from "./conn-id.js";
import { createPresenceTracker } from "./presence.js";
import { describeGatewayHost } from "./self-presence.js";
import { createWakeState } from "./wake.js";
import { MAX_QUEUED_SYSTEM_EVENTS, MAX_SYSTEM_EVENT_SESSIONS } from "./limits.js";
import { createSystemEventQueue, type SystemEventQueue } from "./system-events.js";
import type { NodeEvent } from "./node-events.js";
import { createPresenceEventLines } from "./presence-events.js";
import type { MethodScope } from "./scopes.js";
import { Session } from "./session.js";
import type { SessionCounters, SessionHost } from "./session-host.js";
import { createSharedPool, createStringPool } from "./string-pool.js";
import { buildHealthSummary } from "./summaries.js";
import type { Connection, TransportHandlers, TransportServer } from "./transport.js";
import { startUwsTransport } from "./transport-uws.js";
import { selectTransport } from "./transport-select.js";

/** Live counters of a running gateway (also the `gateway` key of the `status` payload). */
export interface GatewayStats extends SessionCounters {
  transport: "uws" | "ws";
  /** Open sockets, authenticated or not. */
  connections: number;
  /** Sockets that completed the handshake. */
  clients: number;
  eventsBroadcast: number;
  eventsDropped: number;
  slowConsumersClosed: number;
  seq: number;
  uptimeMs: number;
}

export interface GatewayServer {
  readonly transport: "uws" | "ws";
  readonly transportDetail: string;
  readonly port: number;
  readonly urls: string[];
  registerMethod(name: string, handler: MethodHandler, options?: { scope?: MethodScope }): void;
  /** Removes a method registered earlier (plugin reload/stop); returns whether it existed. */
  unregisterMethod(name: string): boolean;
  /** Every registered method name, built-ins first (what hello-ok advertises). */
  methodNames(): string[];
  /** Calls a method in-process as `ctx` (same scope check as a request); rejects with GatewayMethodError. */
  callMethod(name: string, params: unknown, ctx: MethodContext): Promise<unknown>;
  /** Advertises an event in hello-ok.features before it is first broadcast (`false` withdraws it). */
  advertiseEvent(event: string, advertised?: boolean): void;
  /** Sends an event to every authenticated client (scope-guarded when `scope` is set); returns its seq. */
  broadcast(event: string, payload: unknown, options?: { dropIfSlow?: boolean; scope?: string }): number;
  stats(): GatewayStats;
  /** Calls `listener` for every `node.event` a node sends (after the gateway queued what it queues); returns the unsubscribe. */
  onNodeEvent(listener: (event: NodeEvent) => void): () => void;
  /** Sends an event to the connected nodes following the session (chat.subscribe), as the original's nodeSendToSession; returns how many got it. */
  nodeSendToSession(sessionKey: string, event: string, payload: unknown): number;
  /** The per-session system-event queues (`wake` texts, nodes' exec events): an agent peeks or drains its session's before a turn. */
  readonly systemEvents: SystemEventQueue;
  close(options?: { reason?: string; restartExpectedMs?: number | null }): Promise<void>;
}

/** Starts the gateway and resolves once every required host listens. */
export async function startGatewayServer(options: GatewayServerOptions): Promise<GatewayServer> {
  const limits = resolveLimits(options);
  const auth = resolveAuthConfig(options.auth);
  const hosts = options.hosts && options.hosts.length > 0 ? [...new Set(options.hosts)] : ["127.0.0.1"];
  assertBindAllowed(hosts, auth.mode);
  const selection = selectTransport(options.transport ?? "auto");
  const trust = createForwardedTrust(options.trustedProxies, options.tailscaleProxy === true);
  const logger = options.logger ?? silentLogger;
  const version = options.version ?? "dev";
  const machine = describeGatewayHost();
  const { host } = machine;
  const startedAt = Date.now();
  const registry = new MethodRegistry();
  const presence = createPresenceTracker({ ...machine, version });
  const systemEvents = createSystemEventQueue({
    maxPerSession: options.maxQueuedSystemEvents ?? MAX_QUEUED_SYSTEM_EVENTS,
    maxSessions: MAX_SYSTEM_EVENT_SESSIONS,
  });
  const mainSessionKey = (options.sessionDefaults ?? DEFAULT_SESSION_DEFAULTS).mainSessionKey;
  const wake = createWakeState(systemEvents, mainSessionKey);
  const stateVersion: StateVersion = { presence: 1, health: 1 };
  const events = new Set<string>(GATEWAY_EVENTS);
  const sessions = new Map<Connection, Session>();
  const intern = createStringPool();
  const share = createSharedPool();
  const connId = createConnIdFormatter();
  let connections = 0;
  const counters: SessionCounters = {
    messagesSent: 0,
    authFailures: 0,
    authRateLimited: 0,
    authDelayed: 0,
    authDeviceSourced: 0,
    deviceProofFailures: 0,
    upgradesRefused: 0,
    handshakesEvicted: 0,
    handshakeTimeouts: 0,
    inFlight: 0,
    requestsRejectedInFlight: 0,
    protocolErrors: 0,
  };
  let transport: TransportServer | undefined;
  let lastHeartbeat: unknown = null;
  let closing: Promise<void> | undefined;

  const broadcaster = createBroadcaster({
    publish: (topic, text) => transport?.publish(topic, text),
    maxBufferedBytes: limits.maxBufferedBytes,
    closeSlow: (target) => {
      const session = sessions.get(target.conn);
      logger.warn(
        `gateway slow consumer: conn=${session?.connId ?? "?"} ip=${target.conn.remoteAddress} closed (1008): more than ${limits.maxBufferedBytes} bytes buffered`,
        {
          event: "slow_consumer",
          action: "closed",
          cause: "buffer_full",
          conn: session?.connId ?? "?",
          ip: target.conn.remoteAddress,
          closeCode: 1008,
          maxBufferedBytes: limits.maxBufferedBytes,
        },
      );
      if (session) session.close(1008, "slow consumer");
      else target.conn.close(1008, "slow consumer");
    },
    onSlowChange: (target, slow) => {
      const conn = sessions.get(target.conn)?.connId ?? "?";
      const who = `conn=${conn} ip=${target.conn.remoteAddress}`;
      logger.debug(
        slow
          ? `gateway slow consumer: ${who} skipping droppable events: more than ${limits.maxBufferedBytes} bytes buffered`
          : `gateway slow consumer: ${who} drained; receiving events again`,
        { event: "slow_consumer", action: slow ? "skipping" : "drained", conn, ip: target.conn.remoteAddress, maxBufferedBytes: limits.maxBufferedBytes },
      );
    },
  });

  const broadcast = (event: string, payload: unknown, opts: { dropIfSlow?: boolean; scope?: string } = {}): number => {
    if (typeof event !== "string" || event.length === 0) throw new TypeError("broadcast: event must be a non-empty string");
    if (closing && event !== "shutdown") return broadcaster.seq;
    events.add(event);
    if (event === "health") stateVersion.health += 1;
    if (event === "heartbeat") lastHeartbeat = payload;
    const withVersion = event === "presence" || event === "health" ? { stateVersion: { ...stateVersion } } : {};
    return broadcaster.broadcast(event, payload, { ...opts, ...withVersion });
  };

  const stats = (): GatewayStats => ({
    transport: selection.kind,
    connections: sessions.size,
    clients: broadcaster.size,
    ...counters,
    ...broadcaster.counters,
    seq: broadcaster.seq,
    uptimeMs: Date.now() - startedAt,
  });

  registerBuiltinMethods(registry, {
    presence,
    logFile: options.logFile,
    stats,
    lastHeartbeat: () => lastHeartbeat,
    wake,
    presenceLines: createPresenceEventLines(systemEvents),
    onWake: options.onWake,
    onSetHeartbeats: options.onSetHeartbeats,
    presenceChanged: () => {
      stateVersion.presence += 1;
      broadcast("presence", { presence: presence.list() }, { dropIfSlow: true });
    },
  });

  const guard = (what: string, fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      logger.error(`gateway ${what} handler failed: ${(error as Error)?.stack ?? String(error)}`, { event: "handler_failed", handler: what });
    }
  };
  for (const event of NODE_FEATURE_EVENTS) events.add(event);
  const nodeEventListeners = new Set<(event: NodeEvent) => void>();
  const { nodeRegistry, commandAllowed, devices } = registerNodeFeatures(registry, {
    nodes: options.nodes,
    stateDir: options.stateDir,
    logger,
    broadcast,
    systemEvents,
    // The original asks for a heartbeat now (reason exec-event); here the host's wake hook runs heartbeats.
    requestHeartbeat: (request) => options.onWake?.(request),
    nodeEvent: (event) => {
      for (const listener of nodeEventListeners) guard(`node.event listener (${event.event})`, () => listener(event));
    },
  });

  const deadlines = createHandshakeDeadlines<Session>(limits.handshakeTimeoutMs, (session) => guard("handshake timeout", () => session.expireHandshake()));

  const authLog = createAuthLog(logger, limits.authLogLinesPerMinute);
  const admission = createAdmission<Session>({ limits, trust, log: authLog, authMode: auth.mode, counters });
  const sessionHost: SessionHost = {
    limits,
    auth,
    registry,
    broadcaster,
    logger,
    counters,
    deadlines,
    intern,
    share,
    connId,
    trust,
    limiter: createAuthFailureLimiter({
      freeFailures: limits.authFreeFailures,
      windowMs: limits.authFailureWindowMs,
      baseDelayMs: limits.authFailureBaseDelayMs,
      maxDelayMs: limits.authFailureMaxDelayMs,
      maxWaitMs: limits.authMaxWaitMs,
      sourcesPerIp: limits.authSourcesPerIp,
    }),
    authLog,
    onSettled: (session) => admission.settled(session),
    verifyIdentity: options.verifyIdentity,
    devices,
    nodeCommandAllowed: commandAllowed,
    // The presence list, the bulk of hello-ok, is spliced in from the tracker's cached JSON.
    helloResponse: (id, connId, auth) =>
      serializeHelloOkResponse(
        id,
        buildHelloOk({
          version,
          host,
          connId,
          methods: registry.names(),
          events: [...events],
          presence: [],
          health: buildHealthSummary(Date.now()),
          stateVersion,
          uptimeMs: process.uptime() * 1000,
          configPath: options.configPath,
          stateDir: options.stateDir,
          sessionDefaults: options.sessionDefaults,
          maxPayloadBytes: limits.maxPayloadBytes,
          maxBufferedBytes: limits.maxBufferedBytes,
          tickIntervalMs: limits.tickIntervalMs,
          auth,
        }),
        presence.listJson(),
      ),
    // Sent to the new client only, without a seq: the global sequence stays gap-free for the others.
    healthEvent: () => serializeFrame(eventFrame("health", buildHealthSummary(Date.now()))),
    cork: (conn, fn) => (transport ? transport.cork(conn, fn) : fn()),
    onReady: (session) => {
      // CLI one-shots and probes are not presence (upstream skips cli too); others are, while connected.
      const { mode } = session.client;
      if (session.node) {
        nodeRegistry.register({
          ...session.node,
          nodeId: session.deviceId ?? session.client.id,
          connId: session.connId,
          connectedAtMs: session.connectedAt,
          send: (event, payload) => session.sendEvent(event, payload),
        });
      }
      if (mode === "cli" || mode === "probe") return;
      presence.upsertConnection(session);
      stateVersion.presence += 1;
      // Operators see nodes come and go through presence.
      if (session.node) queueMicrotask(() => broadcast("presence", { presence: presence.list() }, { dropIfSlow: true }));
    },
    onGone: (session) => {
      broadcaster.remove(session);
      if (session.node) nodeRegistry.unregister(session.deviceId ?? session.client.id, session.connId);
      if (presence.removeConnection(session)) {
        stateVersion.presence += 1;
        // Transports may report a close synchronously from inside a send loop; broadcast later.
        queueMicrotask(() => {
          if (!closing) broadcast("presence", { presence: presence.list() }, { dropIfSlow: true });
        });
      }
    },
  };

  const handlers: TransportHandlers = {
    open: (conn, headers) =>
      guard("open", () => {
        const session = new Session(conn, sessionHost, connections++, headers, intern(admission.sourceOf(conn.remoteAddress, headers)));
        sessions.set(conn, session);
        admission.opened(session);
        if (closing) session.close(1012, "service restart");
        else session.start();
      }),
    message: (conn, text) => guard("message", () => sessions.get(conn)?.onMessage(text)),
    close: (conn) =>
      guard("close", () => {
        const session = sessions.get(conn);
        if (!session) return;
        sessions.delete(conn);
        admission.closed();
        session.onClose();
      }),
    drain: (conn) =>
      guard("drain", () => {
        const session = sessions.get(conn);
        if (session) broadcaster.drain(session);
      }),
    upgrade: (remoteAddress, headers, headBytes) => admission.upgrade(remoteAddress, headers, headBytes),
    http: (request) =>
      routeHttp(
        request,
        () => ({ ok: true, version, uptimeMs: Date.now() - startedAt, connections: sessions.size, transport: selection.kind }),
        options.httpRoute,
      ),
  };

  const listen = {
    hosts,
    port: options.port,
    maxPayloadBytes: limits.maxPayloadBytes,
    upgradeHeaderTimeoutMs: limits.upgradeHeaderTimeoutMs,
    maxUpgradeHeaderBytes: limits.maxUpgradeHeaderBytes,
    warn: (m: string) => logger.warn(m),
    intern,
    optionalHosts: options.ipv6Alias !== false && hosts.includes("127.0.0.1") && !hosts.includes("::1") ? ["::1"] : [],
  };
  transport =
    selection.kind === "uws"
      ? await startUwsTransport(selection.module, { ...listen, tickIntervalMs: limits.tickIntervalMs }, handlers)
      : // Loaded only when used: a uWS gateway never pays for the `ws` library.
        await (await import("./transport-ws.js")).startWsTransport(listen, handlers);
  const server = transport;
  const urls = server.hosts.map((h) => `ws://${h.includes(":") ? `[${h}]` : h}:${server.port}`);
  logger.info(`gateway listening on ${urls.join(", ")} — transport ${selection.detail}`, {
    event: "listening",
    urls: urls.join(" "),
    port: server.port,
    transport: selection.kind,
  });

  const tick = setInterval(() => broadcast("tick", { ts: Date.now() }, { dropIfSlow: true }), limits.tickIntervalMs);
  tick.unref();

  return {
    transport: selection.kind,
    transportDetail: selection.detail,
    port: server.port,
    urls,
    registerMethod: (name, handler, opts) => registry.register(name, handler, opts),
    unregisterMethod: (name) => registry.unregister(name),
    methodNames: () => registry.names(),
    callMethod: (name, params, ctx) => callMethodAs(registry, name, params, ctx),
    advertiseEvent: (event, advertised = true) => {
      if (advertised) events.add(event);
      else if (!(GATEWAY_EVENTS as readonly string[]).includes(event)) events.delete(event);
    },
    broadcast,
    stats,
    onNodeEvent(listener) {
      if (typeof listener !== "function") throw new TypeError("onNodeEvent: listener must be a function");
      const own = (event: NodeEvent) => listener(event);
      nodeEventListeners.add(own);
      return () => void nodeEventListeners.delete(own);
    },
    systemEvents,
    nodeSendToSession: (sessionKey, event, payload) => nodeRegistry.sendToSession(sessionKey, event, payload),
    close(opts = {}) {
      if (closing) return closing;
      const payload: Record<string, unknown> = { reason: opts.reason ?? "gateway stopping" };
      // Upstream sent `null` here although the schema says integer; leave it out instead.
      if (typeof opts.restartExpectedMs === "number") payload.restartExpectedMs = opts.restartExpectedMs;
      closing = (async () => {
        clearInterval(tick);
        deadlines.clear();
        nodeRegistry.close();
        broadcast("shutdown", payload);
        for (const session of sessions.values()) session.close(1012, "service restart");
        await server.close(limits.closeGraceMs);
        logger.info("gateway closed", { event: "closed" });
      })();
      return closing;
    },
  };
}
