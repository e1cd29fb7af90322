// `logs.tail` (protocol §4.8): read the end of the configured log file from a cursor, reading
// only the bytes needed (at most maxBytes), never the whole file.
import { open } from "node:fs/promises";
import * as v from "valibot";
import { formatIssues } from "./connect-params.js";
import { LOGS_TAIL_DEFAULT_LIMIT_LINES, LOGS_TAIL_DEFAULT_MAX_BYTES, LOGS_TAIL_MAX_BYTES, LOGS_TAIL_MAX_LIMIT_LINES } from "./limits.js";

const LogsTailParamsSchema = v.strictObject({
  cursor: v.optional(v.pipe(v.number(), v.integer("must be an integer"), v.minValue(0, "must be ≥ 0"))),
  limit: v.optional(
    v.pipe(
      v.number(),
      v.integer("must be an integer"),
      v.minValue(1, "must be ≥ 1"),
      v.maxValue(LOGS_TAIL_MAX_LIMIT_LINES, `must be ≤ ${LOGS_TAIL_MAX_LIMIT_LINES}`),
    ),
  ),
  maxBytes: v.optional(
    v.pipe(v.number(), v.integer("must be an integer"), v.minValue(1, "must be ≥ 1"), v.maxValue(LOGS_TAIL_MAX_BYTES, `must be ≤ ${LOGS_TAIL_MAX_BYTES}`)),
  ),
});

export interface LogsTailParams {
  cursor?: number;
  limit: number;
  maxBytes: number;
}

export interface LogsTailResult {
  file: string;
  cursor: number;
  size: number;
  lines: string[];
  truncated?: boolean;
  reset?: boolean;
}

/** Validates logs.tail params and applies defaults; the error text names the field. */
export function parseLogsTailParams(input: unknown): { ok: true; params: LogsTailParams } | { ok: false; message: string } {
  const result = v.safeParse(LogsTailParamsSchema, input ?? {});
  if (!result.success) return { ok: false, message: `invalid logs.tail params: ${formatIssues(result.issues)}` };
  const { cursor, limit, maxBytes } = result.output;
  const params: LogsTailParams = { limit: limit ?? LOGS_TAIL_DEFAULT_LIMIT_LINES, maxBytes: maxBytes ?? LOGS_TAIL_DEFAULT_MAX_BYTES };
  if (cursor !== undefined) params.cursor = cursor;
  return { ok: true, params };
}

/** Plans which byte range to read for a file of `size` bytes (pure; see protocol §4.8). */
export function planLogsTail(size: number, params: LogsTailParams): { start: number; truncated: boolean; reset: boolean } {
  const { cursor, maxBytes } = params;
  const tailStart = Math.max(0, size - maxBytes);
  if (cursor === undefined) return { start: tailStart, truncated: tailStart > 0, reset: false };
  if (cursor > size) return { start: tailStart, truncated: tailStart > 0, reset: true };
  if (size - cursor > maxBytes) return { start: tailStart, truncated: true, reset: true };
  return { start: cursor, truncated: false, reset: false };
}

/** Splits read bytes into lines; drops a leading partial line when the read began mid-file. */
export function splitLogLines(text: string, droppedLeadingPartial: boolean, limit: number): string[] {
  let body = text;
  if (droppedLeadingPartial) {
    const newline = body.indexOf("\n");
    body = newline === -1 ? "" : body.slice(newline + 1);
  }
  const lines = body.split("\n").map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.length > limit ? lines.slice(lines.length - limit) : lines;
}

/** Reads the tail of `file`; a file that does not exist yet reads as empty. */
export async function readLogsTail(file: string, params: LogsTailParams): Promise<LogsTailResult> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      const result: LogsTailResult = { file, cursor: 0, size: 0, lines: [] };
      if (params.cursor !== undefined && params.cursor > 0) result.reset = true;
      return result;
    }
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const plan = planLogsTail(size, params);
    const length = size - plan.start;
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await handle.read(buffer, read, length - read, plan.start + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    // A read that starts mid-file (not at the caller's own cursor) begins inside a line.
    const midLine = plan.start > 0 && plan.start !== params.cursor;
    const lines = splitLogLines(buffer.subarray(0, read).toString("utf8"), midLine, params.limit);
    const result: LogsTailResult = { file, cursor: plan.start + read, size, lines };
    if (plan.truncated) result.truncated = true;
    if (plan.reset) result.reset = true;
    return result;
  } finally {
    await handle.close();
  }
}
