// Standard Schema v1 (standardschema.dev), the interface valibot, zod and arktype schemas all
// carry: plugins pass their own schema objects and the host validates them without depending
// on any schema library or on the plugin using the same valibot copy.

/** A schema that validates `unknown` into `Output` (valibot ≥ 1, zod ≥ 3.24, arktype ≥ 2). */
export interface StandardSchema<Input = unknown, Output = Input> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** One validation problem: what is wrong and where. */
export interface StandardIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** The outcome of `validate`. */
export type StandardResult<Output> = { readonly value: Output; readonly issues?: undefined } | { readonly issues: ReadonlyArray<StandardIssue> };

/** What a schema accepts (a client's params type). */
export type SchemaInput<S> = S extends StandardSchema<infer I, unknown> ? I : unknown;
/** What a schema produces (a handler's params type). */
export type SchemaOutput<S> = S extends StandardSchema<unknown, infer O> ? O : unknown;

/** Whether a value carries a Standard Schema v1 interface (checked before a plugin's schema is trusted). */
export function isStandardSchema(value: unknown): value is StandardSchema {
  const std = (value as { "~standard"?: { version?: unknown; validate?: unknown } } | null)?.["~standard"];
  return typeof std === "object" && std !== null && std.version === 1 && typeof std.validate === "function";
}

/** Dotted path of an issue (`units`, `days.0`), or `<root>` when the whole value is wrong. */
export function issuePath(issue: StandardIssue): string {
  if (!issue.path || issue.path.length === 0) return "<root>";
  return issue.path.map((seg) => String(typeof seg === "object" && seg !== null ? seg.key : seg)).join(".");
}

/** `field: problem` for each issue, joined — the text that names each bad field. */
export function describeIssues(issues: ReadonlyArray<StandardIssue>): string {
  return issues.map((issue) => `${issuePath(issue)}: ${issue.message}`).join("; ");
}

/** Validates a value; sync schemas stay synchronous so the hot path pays for no promise. */
export function validateWith<O>(schema: StandardSchema<unknown, O>, value: unknown): StandardResult<O> | Promise<StandardResult<O>> {
  return schema["~standard"].validate(value);
}
