// Validates a method's params with valibot; the error names the method and each bad field,
// as the original's `invalid <method> params: …`.
import * as v from "valibot";
import { formatIssues } from "./connect-params.js";
import { GatewayMethodError } from "./frames.js";

/** Parses `params` or throws INVALID_REQUEST naming the method and the offending fields. */
export function parseMethodParams<S extends v.GenericSchema>(method: string, schema: S, params: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, params);
  if (result.success) return result.output;
  throw new GatewayMethodError("INVALID_REQUEST", `invalid ${method} params: ${formatIssues(result.issues)}`);
}

/** A non-empty string field. */
export const NonEmptyString = v.pipe(v.string(), v.minLength(1, "must be a non-empty string"));
