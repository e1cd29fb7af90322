// One connection's protocol state: challenge → connect (checks, auth) → hello-ok → requests.
// Transport-agnostic: it only talks to a Connection.
import { randomUUID } from "node:crypto";
import { logField } from "./auth-log.js";
import type { BroadcastTarget } from "./broadcaster.js";
import { type ClientInfo, sharedClientInfo, sharedScopes } from "./client-info.js";
import { truncateCloseReason } from "./close-reason.js";
import { type ErrorShape, errorResponse, eventFrame, okResponse, parseRequestFrame, type ResponseFrame, serializeFrame } from "./frames.js";
import { checkConnectRequest, type HandshakeRejection } from "./handshake.js";
import { authenticateConnect } from "./connect-auth.js";
import { describeNodeConnect, type NodeConnectInfo } from "./node-connect.js";
import { handlerError, type MethodContext, tooManyInFlight } from "./method-registry.js";
import type { PresenceSource } from "./presence.js";
import { authorizeMethod, type Role } from "./scopes.js";
import type { SessionHost } from "./session-host.js";
import type { Connection, UpgradeHeaders } from "./transport.js";

type State = "handshake" | "authenticating" | "ready" | "closed";

const NO_SCOPES: readonly string[] = Object.freeze([]);
const NO_CLIENT: ClientInfo = Object.freeze({ id: "", mode: "", version: "", platform: "" });

/**
 * One socket's session. Idle connections are what a gateway holds most of, so a session is
 * the only object per socket on this side of the transport: it is also the socket's broadcast
 * target and its presence source, its connection id is formatted from a serial number when
 * needed, the method context is built per request, scope lists and client records are shared
 * between clients that send the same ones, the upgrade headers are dropped once the
 * handshake is decided, the frame queue exists only while frames wait, and the handshake
 * deadline lives in a shared queue.
 */
export class Session implements BroadcastTarget, PresenceSource {
  state: State = "handshake";
  role: Role = "operator";
  scopes: readonly string[] = NO_SCOPES;
  client: ClientInfo = NO_CLIENT;
  /** How the handshake authenticated (MethodContext.authMethod). */
  authMethod = "";
  /** Only for proxied or identity-checked clients (one lazily made field keeps sessions small). */
  private proxied: { login?: string; ip?: string } | undefined = undefined;
  /** The verified device id, when the connect carried a device. */
  deviceId: string | undefined = undefined;
  /** What a `role: "node"` connection declared (caps, allowed commands, …); undefined for operators. */
  node: NodeConnectInfo | undefined = undefined;
  /** The `connect.challenge` nonce, kept until the handshake is decided. */
  private nonce = "";
  /** When the handshake succeeded (just before hello-ok): the presence entry's `ts`. */
  connectedAt = 0;
  /** Broadcast bookkeeping (BroadcastTarget), set by the broadcaster once the session is ready. */
  recheckAt = 0;
  slow = false;
  private inFlight = 0;
  /** Frames that arrived during authentication, created on the first such frame. */
  private queued: string[] | undefined = undefined;
  private terminateTimer: NodeJS.Timeout | undefined = undefined;
  /** Upgrade headers, needed only until the handshake is decided. */
  private headers: UpgradeHeaders | undefined;

  constructor(
    readonly conn: Connection,
    private readonly host: SessionHost,
    private readonly serial: number,
    headers: UpgradeHeaders = {},
    /** Client address for limits and logs (forwarded only from a trusted proxy). */
    readonly source: string = conn.remoteAddress,
  ) {
    this.headers = headers;
  }

  /** Login vouched for by verifyIdentity, when that is how the client authenticated. */
  get login(): string | undefined {
    return this.proxied?.login;
  }

  /** The client's address as the handshake saw it (a trusted proxy's X-Forwarded-For, else the peer): presence `ip`. */
  get ip(): string {
    return this.proxied?.ip ?? this.conn.remoteAddress;
  }

  /** This connection's id (hello-ok `server.connId`), unique within the gateway run. */
  get connId(): string {
    return this.host.connId(this.serial);
  }

  /** What a method handler is told about the caller (a fresh object per request). */
  context(): MethodContext {
    const context: MethodContext = {
      connId: this.connId,
      role: this.role,
      scopes: this.scopes,
      remoteAddress: this.conn.remoteAddress,
      authMethod: this.authMethod,
      client: this.client,
    };
    if (this.login !== undefined) context.login = this.login;
    if (this.deviceId !== undefined) context.deviceId = this.deviceId;
    return context;
  }

  /** Sends the challenge and arms the handshake deadline. */
  start(): void {
    this.nonce = randomUUID();
    this.sendText(serializeFrame(eventFrame("connect.challenge", { nonce: this.nonce, ts: Date.now() })));
    this.host.deadlines.arm(this);
  }

  /** Called by the deadline queue: closes a session still in its handshake. */
  expireHandshake(): void {
    if (this.state !== "handshake" && this.state !== "authenticating") return;
    // close() was already called (rejection, shutdown): the timeout no longer applies.
    if (this.conn.closed) return;
    this.host.counters.handshakeTimeouts += 1;
    if (this.host.logger.verbose) {
      this.host.logger.debug(
        `gateway handshake timeout: conn=${this.connId} ip=${logField(this.source)} closed (1008) after ${this.host.limits.handshakeTimeoutMs}ms`,
        { event: "handshake_timeout", conn: this.connId, ip: logField(this.source), closeCode: 1008, timeoutMs: this.host.limits.handshakeTimeoutMs },
      );
    }
    this.close(1008, "handshake timeout");
  }

  /** Handles one inbound text message. */
  onMessage(text: string): void {
    if (this.state === "closed") return;
    if (this.state === "handshake") {
      this.state = "authenticating";
      this.handshake(text).catch((error: unknown) => {
        this.host.logger.error(`handshake failed unexpectedly: ${(error as Error).message}`, {
          event: "handshake_error",
          conn: this.connId,
          ip: logField(this.source),
        });
        this.close(1011, "internal error");
      });
      return;
    }
    if (this.state === "authenticating") {
      // Frames sent before hello-ok (upstream treated them as a second handshake) wait here.
      const queued = (this.queued ??= []);
      if (queued.length < this.host.limits.maxInFlightRequests) queued.push(text);
      else this.replyError(parseRequestFrame(text), tooManyInFlight(this.host.limits.maxInFlightRequests));
      return;
    }
    this.dispatch(text);
  }

  /** Marks the session closed (the transport saw the socket go). */
  onClose(): void {
    if (this.state === "closed") return;
    if (this.state === "ready" && this.host.logger.verbose)
      this.host.logger.debug(`gateway disconnected: conn=${this.connId} ip=${logField(this.source)}`, {
        event: "disconnect",
        conn: this.connId,
        ip: logField(this.source),
      });
    this.state = "closed";
    clearTimeout(this.terminateTimer);
    this.queued = undefined;
    this.headers = undefined;
    // Idempotent on the host's side: a session that reached hello-ok is no longer pending there.
    this.host.onSettled(this);
    this.host.onGone(this);
  }

  /** Closes the socket with a reason that fits the protocol limit. */
  close(code: number, reason: string): void {
    if (this.conn.closed) return;
    this.conn.close(code, truncateCloseReason(reason));
    // A peer that never reads (slow consumer, hostile client) never answers the close frame,
    // which may sit behind megabytes of backlog: cut it off after the grace period.
    if (this.state !== "closed") {
      this.terminateTimer = setTimeout(() => this.conn.terminate(), this.host.limits.closeGraceMs);
      this.terminateTimer.unref();
    }
  }

  /** Sends an event to this client alone, without a seq (node.invoke.request, voicewake.changed). */
  sendEvent(event: string, payload: unknown): boolean {
    if (this.state !== "ready" || this.conn.closed) return false;
    this.sendText(serializeFrame(eventFrame(event, payload)));
    return true;
  }

  /** Sends a response; one the library would drop closes the socket instead (never lost silently). */
  sendResponse(frame: ResponseFrame): void {
    this.sendText(serializeFrame(frame));
  }

  private sendText(text: string): void {
    const status = this.conn.send(text);
    if (status === "closed") return;
    this.host.counters.messagesSent += 1;
    if (this.state === "ready") this.host.broadcaster.noteDirectSend(this, Buffer.byteLength(text, "utf8"));
    if (status === "dropped") {
      this.host.logger.warn(`gateway slow consumer: conn=${this.connId} ip=${logField(this.source)} closed (1008): a reply would have been dropped`, {
        event: "slow_consumer",
        action: "closed",
        cause: "reply_dropped",
        conn: this.connId,
        ip: logField(this.source),
        closeCode: 1008,
      });
      this.close(1008, "slow consumer");
    }
  }

  private reject(rejection: HandshakeRejection): void {
    if (rejection.id !== undefined && rejection.error) this.sendResponse(errorResponse(rejection.id, rejection.error));
    this.close(rejection.closeCode, rejection.closeReason);
  }

  private async handshake(text: string): Promise<void> {
    const request = checkConnectRequest(text, this.host.limits.maxClientIdChars);
    if (!request.ok) {
      this.host.counters.protocolErrors += 1;
      if (this.host.logger.verbose) {
        this.host.logger.debug(
          `gateway handshake refused: conn=${this.connId} ip=${logField(this.source)} closed (${request.closeCode}): ${logField(request.closeReason)}`,
          { event: "handshake_refused", conn: this.connId, ip: logField(this.source), closeCode: request.closeCode, reason: logField(request.closeReason) },
        );
      }
      this.reject(request);
      return;
    }
    const peer = { remoteAddress: this.conn.remoteAddress, source: this.source, headers: this.headers ?? {}, challengeNonce: this.nonce };
    this.nonce = "";
    const authenticated = await authenticateConnect(this.host, request, peer, () => this.state === "closed");
    // Decided either way from here: the headers are not needed again.
    this.headers = undefined;
    if (!authenticated || (this.state as State) === "closed") return;
    if (!authenticated.ok) {
      this.reject(authenticated);
      return;
    }
    const client = request.params.client;
    const { deviceToken } = authenticated;
    if (authenticated.deviceId) this.deviceId = authenticated.deviceId;
    const { intern, share } = this.host;
    this.role = intern(request.role) as Role;
    this.scopes = sharedScopes(request.scopes, intern, share);
    this.client = sharedClientInfo(client, intern, share);
    this.authMethod = authenticated.method;
    const { ip } = authenticated;
    if (authenticated.login || ip !== this.conn.remoteAddress) {
      this.proxied = {};
      if (authenticated.login) this.proxied.login = authenticated.login;
      if (ip !== this.conn.remoteAddress) this.proxied.ip = ip;
    }
    if (this.role === "node")
      this.node = describeNodeConnect(request.params, ip, (command) => this.host.nodeCommandAllowed(client.platform, client.deviceFamily, command));
    const helloAuth = deviceToken && {
      deviceToken: deviceToken.token,
      role: deviceToken.role,
      scopes: deviceToken.scopes,
      issuedAtMs: deviceToken.rotatedAtMs ?? deviceToken.createdAtMs,
    };
    // Tracked before hello-ok so its snapshot lists this client (onGone untracks it on a close).
    this.connectedAt = Date.now();
    this.host.onReady(this);
    this.host.cork(this.conn, () => {
      this.sendText(this.host.helloResponse(request.id, this.connId, helloAuth));
      // The send may have closed the socket (a library drop): then it never becomes a target.
      if (this.conn.closed || (this.state as State) === "closed") return;
      this.state = "ready";
      this.host.onSettled(this);
      this.host.broadcaster.add(this);
      this.sendText(this.host.healthEvent());
    });
    if (this.state !== "ready") return;
    if (this.host.logger.verbose) {
      this.host.logger.debug(
        `gateway connected: conn=${this.connId} ip=${logField(this.source)} client="${logField(client.id)}" clientMode="${logField(client.mode)}" role=${this.role} auth=${this.authMethod}`,
        {
          event: "connect",
          conn: this.connId,
          ip: logField(this.source),
          clientId: logField(client.id),
          mode: logField(client.mode),
          role: this.role,
          auth: this.authMethod,
        },
      );
    }
    const queued = this.queued;
    this.queued = undefined;
    if (queued) for (const text of queued) this.dispatch(text);
  }

  private dispatch(text: string): void {
    if (this.state !== "ready") return;
    const parsed = parseRequestFrame(text);
    if (!parsed.ok) {
      this.host.counters.protocolErrors += 1;
      this.replyError(parsed, { code: "INVALID_REQUEST", message: parsed.message });
      return;
    }
    const { id, method, params } = parsed.frame;
    const started = this.host.logger.verbose ? performance.now() : 0;
    const answer = (frame: ResponseFrame) => {
      if (this.host.logger.verbose) this.logRequest(method, started, frame);
      this.sendResponse(frame);
    };
    if (method === "connect") return answer(errorResponse(id, { code: "INVALID_REQUEST", message: "connect is only valid as the first request" }));
    const entry = this.host.registry.get(method);
    if (!entry) return answer(errorResponse(id, { code: "INVALID_REQUEST", message: `unknown method: ${method}` }));
    const allowed = authorizeMethod(this.role, this.scopes, entry.scope);
    if (!allowed.ok) return answer(errorResponse(id, { code: "INVALID_REQUEST", message: allowed.message }));
    const max = this.host.limits.maxInFlightRequests;
    if (this.inFlight >= max) {
      this.host.counters.requestsRejectedInFlight += 1;
      return answer(errorResponse(id, tooManyInFlight(max)));
    }
    this.inFlight += 1;
    this.host.counters.inFlight += 1;
    const context = this.context();
    new Promise<unknown>((resolve) => resolve(entry.handler(params ?? {}, context)))
      .then(
        (payload) => {
          try {
            answer(okResponse(id, payload));
          } catch (error) {
            // A result JSON cannot encode (BigInt, cycles) must still get an answer.
            answer(errorResponse(id, { code: "UNAVAILABLE", message: `cannot serialize result of ${method}: ${(error as Error).message}` }));
          }
        },
        (error: unknown) => answer(errorResponse(id, handlerError(error))),
      )
      .catch((error: unknown) =>
        this.host.logger.error(`cannot send response to ${method}: ${(error as Error)?.message}`, {
          event: "response_failed",
          conn: this.connId,
          method: logField(method),
        }),
      )
      .finally(() => {
        this.inFlight -= 1;
        this.host.counters.inFlight -= 1;
      });
  }

  /** One verbose line per request: method, time to answer, ok or the error code. */
  private logRequest(method: string, started: number, frame: ResponseFrame): void {
    const outcome = frame.ok ? "ok" : `error=${frame.error?.code ?? "?"}`;
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    this.host.logger.debug(`gateway request: conn=${this.connId} method=${logField(method)} ${outcome} durationMs=${durationMs.toFixed(1)}`, {
      event: "request",
      conn: this.connId,
      method: logField(method),
      ok: frame.ok,
      ...(frame.ok ? {} : { errorCode: frame.error?.code ?? "?" }),
      durationMs,
    });
  }

  private replyError(parsed: ReturnType<typeof parseRequestFrame>, error: ErrorShape): void {
    const id = parsed.ok ? parsed.frame.id : parsed.kind === "frame" ? parsed.id : "invalid";
    this.sendResponse(errorResponse(id, error));
  }
}
