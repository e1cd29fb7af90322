// Turns a plugin's method spec into a gateway handler: params validated first (INVALID_REQUEST
// naming each bad field), the handler run as its caller, errors mapped to error frames.
import { GatewayMethodError, type MethodContext, type MethodHandler } from "@clawd/gateway-server";
import { pluginContext } from "./caller-context.js";
import type { MethodSpec, PluginErrorCode } from "./define-plugin.js";
import { describeIssues, issuePath, type StandardResult, type StandardSchema, validateWith } from "./standard-schema.js";

const FAIL_MARKER = Symbol.for("clawd.gateway-plugin.fail");

/** The error `api.fail` returns: carries the code a handler wants to answer with. */
export function pluginFailure(code: PluginErrorCode, message: string, details?: unknown): Error {
  const error = new Error(message) as Error & { [FAIL_MARKER]?: { code: PluginErrorCode; details: unknown } };
  error[FAIL_MARKER] = { code, details };
  return error;
}

/** Maps `api.fail` errors to GatewayMethodError; anything else is left for the server (UNAVAILABLE). */
function mapError(error: unknown): unknown {
  const failure = (error as { [FAIL_MARKER]?: { code: PluginErrorCode; details: unknown } } | null)?.[FAIL_MARKER];
  if (!failure) return error;
  return new GatewayMethodError(failure.code, (error as Error).message, failure.details === undefined ? {} : { details: failure.details });
}

const isThenable = (value: unknown): value is PromiseLike<unknown> => typeof (value as PromiseLike<unknown> | null)?.then === "function";

function invalidParams(method: string, result: StandardResult<unknown>): GatewayMethodError {
  const issues = result.issues ?? [];
  return new GatewayMethodError("INVALID_REQUEST", `invalid params for ${method}: ${describeIssues(issues)}`, {
    details: { issues: issues.map((issue) => ({ path: issuePath(issue), message: issue.message })) },
  });
}

function checkResult(method: string, schema: StandardSchema, value: unknown): unknown {
  const check = (result: StandardResult<unknown>) => {
    if (result.issues) throw new GatewayMethodError("UNAVAILABLE", `result of ${method} does not match its schema: ${describeIssues(result.issues)}`);
    return result.value;
  };
  const result = validateWith(schema, value);
  return isThenable(result) ? Promise.resolve(result).then(check) : check(result);
}

/** Builds the gateway handler for `method` (a full name such as `weather.now`) of `plugin`. */
export function buildMethodHandler(plugin: string, method: string, spec: MethodSpec<StandardSchema | undefined, unknown>): MethodHandler {
  const { handler, params: paramsSchema, result: resultSchema } = spec;
  const run = (params: unknown, ctx: MethodContext): unknown => {
    let out: unknown;
    try {
      out = pluginContext.run({ plugin, caller: ctx }, handler as (p: unknown, c: MethodContext) => unknown, params, ctx);
    } catch (error) {
      throw mapError(error);
    }
    if (isThenable(out)) out = Promise.resolve(out).then(undefined, (error: unknown) => Promise.reject(mapError(error)));
    if (!resultSchema) return out;
    return isThenable(out) ? Promise.resolve(out).then((value) => checkResult(method, resultSchema, value)) : checkResult(method, resultSchema, out);
  };
  if (!paramsSchema) return run;
  return (params, ctx) => {
    const validated = validateWith(paramsSchema, params);
    if (!isThenable(validated)) {
      if (validated.issues) throw invalidParams(method, validated);
      return run(validated.value, ctx);
    }
    return Promise.resolve(validated).then((result) => {
      if (result.issues) throw invalidParams(method, result);
      return run(result.value, ctx);
    });
  };
}
