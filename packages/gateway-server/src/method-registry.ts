// Named methods with the scope each requires. Built-ins and application methods share it.
import { type ErrorShape, GatewayMethodError } from "./frames.js";
import { authorizeMethod, type MethodScope, type Role } from "./scopes.js";

/** What a handler knows about the caller. */
export interface MethodContext {
  connId: string;
  role: Role;
  scopes: readonly string[];
  client: {
    id: string;
    mode: string;
    version: string;
    platform: string;
    instanceId?: string;
    displayName?: string;
    deviceFamily?: string;
    modelIdentifier?: string;
  };
  remoteAddress: string;
  /** How the connection authenticated: "none", "token", "password", "identity" (Tailscale) or "device-token". */
  authMethod: string;
  /** The verified device id, when the connect carried a device (a node's id). */
  deviceId?: string;
  /** Login vouched for by verifyIdentity, when that is how the client authenticated. */
  login?: string;
}

export type MethodHandler = (params: unknown, ctx: MethodContext) => unknown | Promise<unknown>;

export interface RegisteredMethod {
  name: string;
  handler: MethodHandler;
  scope: MethodScope;
}

const METHOD_SCOPES: readonly MethodScope[] = ["read", "write", "admin", "pairing", "approvals", "node"];

/** Registry of callable methods; names are unique and `connect` is reserved for the handshake. */
export class MethodRegistry {
  private readonly methods = new Map<string, RegisteredMethod>();

  /** Adds a method; the default scope is admin, the safe choice for anything unclassified. */
  register(name: string, handler: MethodHandler, options: { scope?: MethodScope } = {}): void {
    if (typeof name !== "string" || name.length === 0) throw new TypeError("registerMethod: name must be a non-empty string");
    if (name === "connect") throw new Error('registerMethod: "connect" is reserved for the handshake');
    if (typeof handler !== "function") throw new TypeError(`registerMethod(${name}): handler must be a function`);
    const scope = options.scope ?? "admin";
    if (!METHOD_SCOPES.includes(scope)) throw new TypeError(`registerMethod(${name}): scope must be one of ${METHOD_SCOPES.join(", ")}`);
    if (this.methods.has(name)) throw new Error(`registerMethod: method "${name}" is already registered`);
    this.methods.set(name, { name, handler, scope });
  }

  /** Removes a method (a plugin being reloaded or stopped); returns whether it existed. */
  unregister(name: string): boolean {
    return this.methods.delete(name);
  }

  /** Looks a method up by name. */
  get(name: string): RegisteredMethod | undefined {
    return this.methods.get(name);
  }

  /** Each method's required scope, so dashboards can show who may call what (status.gateway.methods). */
  scopes(): Record<string, MethodScope> {
    const table: Record<string, MethodScope> = {};
    for (const method of this.methods.values()) table[method.name] = method.scope;
    return table;
  }

  /** Names of every registered method, in registration order (advertised in hello-ok). */
  names(): string[] {
    return [...this.methods.keys()];
  }
}

/** The answer to a request over the per-connection in-flight cap. */
export function tooManyInFlight(max: number): ErrorShape {
  return { code: "INVALID_REQUEST", message: `too many requests in flight (max ${max}); wait for responses before sending more`, retryable: true };
}

/** Maps a thrown value to an error shape: GatewayMethodError keeps its code, anything else is UNAVAILABLE. */
export function handlerError(error: unknown): ErrorShape {
  if (GatewayMethodError.isInstance(error)) {
    const shape: ErrorShape = { code: error.code, message: error.message || "request failed" };
    if (error.details !== undefined) shape.details = error.details;
    if (error.retryAfterMs !== undefined) shape.retryAfterMs = error.retryAfterMs;
    return shape;
  }
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "";
  return { code: "UNAVAILABLE", message: message || "method handler failed" };
}

/**
 * Calls a registered method in-process as the caller `ctx` (plugins calling each other): the
 * same lookup and scope check a WebSocket request gets, so a call cannot escalate privileges.
 */
export async function callMethodAs(registry: MethodRegistry, name: string, params: unknown, ctx: MethodContext): Promise<unknown> {
  const entry = registry.get(name);
  if (!entry) throw new GatewayMethodError("INVALID_REQUEST", `unknown method: ${name}`);
  const allowed = authorizeMethod(ctx.role, ctx.scopes, entry.scope);
  if (!allowed.ok) throw new GatewayMethodError("INVALID_REQUEST", allowed.message);
  return entry.handler(params ?? {}, ctx);
}
