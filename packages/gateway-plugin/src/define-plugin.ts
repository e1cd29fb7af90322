// The plugin contract. `definePlugin` only adds types: a module that default-exports the
// plain object `{ name, setup(api) }` is a valid plugin and needs no dependency at all.
import type { SchemaInput, SchemaOutput, StandardSchema } from "./standard-schema.js";

/** Who may call a plugin method: operators holding read/write/admin/pairing/approvals, or only `role: node` clients. */
export type PluginMethodScope = "read" | "write" | "admin" | "pairing" | "approvals" | "node";

/** Error codes a plugin may answer with (protocol v3 error shapes). */
export type PluginErrorCode = "INVALID_REQUEST" | "UNAVAILABLE" | "NOT_LINKED" | "AGENT_TIMEOUT";

/** The caller of a plugin method (the same facts a built-in method sees). */
export interface PluginCaller {
  connId: string;
  role: "operator" | "node";
  scopes: readonly string[];
  client: { id: string; mode: string; version: string; platform: string; instanceId?: string; displayName?: string };
  remoteAddress: string;
  authMethod: string;
  login?: string;
}

/** `api.method` options: params are validated by `params` before `handler` runs. */
export interface MethodSpec<P extends StandardSchema | undefined, R> {
  scope: PluginMethodScope;
  params?: P;
  /** Validated after the handler; a mismatch answers UNAVAILABLE (catches plugin bugs, not callers'). */
  result?: StandardSchema;
  handler(params: P extends StandardSchema ? SchemaOutput<P> : Record<string, unknown>, caller: PluginCaller): R | Promise<R>;
}

/** A registered method's handle; its type carries the params and result for typed clients. */
export interface PluginMethod<Name extends string = string, Params = unknown, Result = unknown> {
  readonly method: Name;
  readonly "~types"?: { readonly params: Params; readonly result: Result };
}

/** Options of one emit: `dropIfSlow` skips slow clients instead of queueing; `scope` limits receivers. */
export interface EmitOptions {
  dropIfSlow?: boolean;
  scope?: string;
}

/** A declared event; `emit` goes over the gateway's own fan-out. */
export interface PluginEvent<Name extends string = string, Payload = unknown> {
  readonly event: Name;
  /** Broadcasts to every authenticated client (scope-guarded when `scope` is set); returns the seq. */
  emit(payload: Payload, options?: EmitOptions): number;
}

/** Prefixed log lines that go to the gateway log. */
export interface PluginLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A node's `node.event` as plugins get it (`payload` is `payloadJSON` parsed; undefined when absent or not JSON). */
export interface PluginNodeEvent {
  nodeId: string;
  event: string;
  payloadJSON: string | null;
  payload: unknown;
}

/** One queued system event line. */
export interface PluginSystemEvent {
  text: string;
  ts: number;
}

/**
 * The gateway's per-session system-event queues (`wake` texts, nodes' exec.* events): an agent
 * prefixes a session's lines to its next turn and drains them.
 */
export interface PluginSystemEvents {
  peek(sessionKey: string): PluginSystemEvent[];
  drain(sessionKey: string): PluginSystemEvent[];
  /** Queues a line for a session; returns false for a blank line or one equal to the session's previous line. */
  enqueue(text: string, options: { sessionKey: string; contextKey?: string }): boolean;
}

/** A name as registered: claimed names stay as they are, the rest get the plugin's prefix. */
export type RegisteredName<Name extends string, Claimed extends string, M extends string> = M extends Claimed ? M : `${Name}.${M}`;

/** What `setup` receives. `Name` is the plugin's name: registered names become `Name.method`. */
export interface PluginApi<Name extends string = string, Config = unknown, Claimed extends string = never> {
  /** The plugin's name, as registered. */
  readonly name: Name;
  /** The plugin's config section, validated by the plugin's `config` schema when it declares one. */
  readonly config: Config;
  readonly logger: PluginLogger;
  /** A private folder for the plugin's own files (created before setup runs). */
  readonly stateDir: string;
  /** Registers `Name.method`; a clash with a built-in or another plugin fails the load. */
  method<const M extends string, P extends StandardSchema | undefined = undefined, R = unknown>(
    name: M,
    spec: MethodSpec<P, R>,
  ): PluginMethod<RegisteredName<Name, Claimed, M>, P extends StandardSchema ? SchemaInput<P> : Record<string, unknown> | undefined, Awaited<R>>;
  /** Declares `Name.event` (or a claimed name as is); it is advertised in hello-ok.features. */
  event<Payload = unknown, const E extends string = string>(name: E): PluginEvent<RegisteredName<Name, Claimed, E>, Payload>;
  /** Calls any registered method in-process with the scopes of the request being handled. */
  call<T = unknown>(method: string, params?: unknown): Promise<T>;
  /** An error to throw from a handler to answer with this code (others answer UNAVAILABLE). */
  fail(code: PluginErrorCode, message: string, details?: unknown): Error;
  /** Runs on shutdown, restart and reload (awaited, bounded by the host's stop timeout). */
  onStop(fn: () => void | Promise<void>): void;
  /**
   * Called for every `node.event` a node sends — voice.transcript, agent.request,
   * chat.subscribe, exec.* (already queued as system events) and any other — while the plugin is
   * loaded. A thrown error or rejection is logged under the plugin's name.
   */
  onNodeEvent(fn: (event: PluginNodeEvent) => void | Promise<void>): void;
  /** The gateway's system-event queues (a dry run has none: using them throws). */
  readonly systemEvents: PluginSystemEvents;
  /**
   * Sends an event (e.g. `chat` for a run of that session) to the connected nodes that follow
   * the session (they sent `chat.subscribe`), as the original's nodeSendToSession; returns how
   * many got it (0 in a dry run).
   */
  nodeSendToSession(sessionKey: string, event: string, payload: unknown): number;
}

/**
 * Names a plugin registers outside its own prefix, exactly as written — for serving an
 * existing surface such as the original's `sessions.list` or the `chat` event. Declared up
 * front so clashes and `plugins list` show them; still a load error when taken.
 */
export interface PluginClaims<Claimed extends string = string> {
  methods?: readonly Claimed[];
  events?: readonly Claimed[];
}

/** A plugin: a name, an optional config schema, and `setup`, which may return its method handles. */
export interface GatewayPlugin<
  Name extends string = string,
  C extends StandardSchema | undefined = StandardSchema | undefined,
  Out = unknown,
  Claimed extends string = never,
> {
  name: Name;
  version?: string;
  /** Validates the plugin's config section before setup; a failure stops the gateway start. */
  config?: C;
  claims?: PluginClaims<Claimed>;
  setup(api: PluginApi<Name, C extends StandardSchema ? SchemaOutput<C> : unknown, Claimed>): Out;
}

/** Types a plugin definition (the identity at runtime); return handles from setup for typed clients. */
export function definePlugin<const Name extends string, C extends StandardSchema | undefined = undefined, Out = void, const Claimed extends string = never>(
  plugin: GatewayPlugin<Name, C, Out, Claimed>,
): GatewayPlugin<Name, C, Out, Claimed> {
  return plugin;
}
