// Typed requests to plugin methods, straight from the plugin's definition (no code generation):
// `typedRequest<typeof weather>(client).request("weather.now", { city })` checks the params
// and types the result. Structural: this package does not depend on @clawd/gateway-plugin.
import type { GatewayClient, RequestOptions } from "./client.js";

/** A method handle as a plugin's `api.method` returns it: the name plus params/result types. */
export interface MethodSignature {
  readonly method: string;
  readonly "~types"?: { readonly params: unknown; readonly result: unknown };
}

type HandlesIn<R> = R extends MethodSignature ? R : R extends object ? Extract<R[keyof R], MethodSignature> : never;

/** The method handles a plugin's `setup` returns (directly or as an object of handles). */
export type PluginMethodsOf<P> = P extends { setup(...args: never[]): infer R } ? HandlesIn<Awaited<R>> : never;

type Pick1<M extends MethodSignature, K extends string> = Extract<M, { method: K }>;
type ParamsOf<M extends MethodSignature> = NonNullable<M["~types"]>["params"];
type ResultOf<M extends MethodSignature> = NonNullable<M["~types"]>["result"];
type ParamsArgs<P> = undefined extends P ? [params?: P, options?: RequestOptions] : [params: P, options?: RequestOptions];

/** A client view whose `request` knows the plugin's method names, params and results. */
export interface TypedRequester<M extends MethodSignature> {
  request<K extends M["method"]>(method: K, ...args: ParamsArgs<ParamsOf<Pick1<M, K>>>): Promise<ResultOf<Pick1<M, K>>>;
}

/** Types `client.request` for the methods of plugin definition `P` (the same client, no wrapper at runtime). */
export function typedRequest<P>(client: GatewayClient): TypedRequester<PluginMethodsOf<P>> {
  return client as unknown as TypedRequester<PluginMethodsOf<P>>;
}
