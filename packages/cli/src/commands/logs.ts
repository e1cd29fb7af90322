// `clawd logs [--follow] [--limit N] [--level L] [--json]`: the gateway's log through
// `logs.tail` and its cursor while the gateway runs; from the log file when it does not.
import { CliError, UsageError, errorMessage } from "../cli-error.js";
import { commandHint } from "../command-hint.js";
import type { CommandRun } from "../context.js";
import { parseTimeoutMs, readBoolean, readString } from "../gateway/flags.js";
import { atLeast, formatLogLine, LOG_LEVELS, type LogLevel, parseLogLine } from "../output/log-view.js";
import { createOutput } from "../output/output.js";
import { resolvePaths } from "../config/paths.js";
import { connectAs, connectCli, rpcFailure, setupRpc } from "../rpc/rpc.js";
import { resolveRpcTarget } from "../rpc/rpc-target.js";

/** Lines shown when --limit is not given. */
export const LOGS_DEFAULT_LIMIT_LINES = 200;
/** Most lines one read may return (the protocol's logs.tail cap). */
export const LOGS_MAX_LIMIT_LINES = 5000;
/** Bytes one read may return (logs.tail's default). */
export const LOGS_READ_MAX_BYTES = 250_000;
/** How often --follow asks for new lines, in milliseconds (override: --interval). */
export const LOGS_FOLLOW_INTERVAL_MS = 1000;

interface TailResult {
  cursor: number;
  lines: string[];
  reset?: boolean;
}
type Fetch = (cursor: number | undefined) => Promise<TailResult>;

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return LOGS_DEFAULT_LIMIT_LINES;
  const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > LOGS_MAX_LIMIT_LINES)
    throw new UsageError(`Invalid --limit "${raw}" (use a whole number from 1 to ${LOGS_MAX_LIMIT_LINES}).`);
  return n;
}

function parseLevel(raw: string | undefined): LogLevel {
  if (raw === undefined) return "debug";
  const level = raw.trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new UsageError(`Invalid --level "${raw}" (use one of: ${LOG_LEVELS.join(", ")}).`);
  return level as LogLevel;
}

/** `clawd logs`: prints the last lines (filtered by level), then with --follow every new one until Ctrl+C. */
export const run: CommandRun = async (ctx, _args, options) => {
  const limit = parseLimit(readString(options, "limit", "--limit"));
  const level = parseLevel(readString(options, "level", "--level"));
  const rawInterval = readString(options, "interval", "--interval");
  const intervalMs = rawInterval === undefined ? LOGS_FOLLOW_INTERVAL_MS : parseTimeoutMs(rawInterval, "--interval");
  const follow = readBoolean(options, "follow") === true;
  const setup = await setupRpc(ctx, options);
  const out = createOutput({ env: ctx.env });
  for (const w of setup.warnings) out.warn(w);
  const target = resolveRpcTarget(setup.config, setup.flags, ctx.env, setup.configPath, setup);
  const { redactSecrets } = await import("@clawd/ports");
  const print = (raw: string) => {
    const line = parseLogLine(raw);
    if (!atLeast(line, level)) return;
    const safe = { ...line, message: redactSecrets(line.message) };
    if (line.fields) safe.fields = Object.fromEntries(Object.entries(line.fields).map(([k, v]) => [k, typeof v === "string" ? redactSecrets(v) : v]));
    out.raw(setup.json ? JSON.stringify(safe) : formatLogLine(safe, out.color));
  };

  // Ctrl+C ends --follow cleanly at any moment, even before the first lines arrive (a signal
  // that came before the handler existed used to kill the command with the default action).
  let stopped = false;
  const stop = () => {
    stopped = true;
  };
  if (follow) {
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  }

  let close = async (): Promise<void> => {};
  let fetch: Fetch;
  try {
    const as = await connectAs(ctx, target, "when-local", (m) => out.warn(m));
    let saving: Promise<void> = Promise.resolve();
    const client = await connectCli(target, setup.timeoutMs, as, (s) => void (saving = s));
    close = async () => {
      await saving.catch(() => undefined);
      await client.close().catch(() => undefined);
    };
    fetch = (cursor) =>
      client.request<TailResult>(
        "logs.tail",
        { ...(cursor === undefined ? {} : { cursor }), limit, maxBytes: LOGS_READ_MAX_BYTES },
        { timeoutMs: setup.timeoutMs },
      );
  } catch (err) {
    if (!target.source.startsWith("local")) throw rpcFailure("Gateway logs failed", err, target, ctx.profile);
    // Not running (or not reachable): the file is the log.
    const file = resolvePaths(ctx.profile, ctx.env).logFile;
    process.stderr.write(`Gateway not reachable at ${redactSecrets(target.url)} (${errorMessage(err)}); reading ${file}\n`);
    const { readLogsTail } = await import("@clawd/gateway-server");
    fetch = (cursor) => readLogsTail(file, { ...(cursor === undefined ? {} : { cursor }), limit, maxBytes: LOGS_READ_MAX_BYTES });
  }

  try {
    let { cursor, lines } = await fetch(undefined);
    for (const raw of lines) print(raw);
    if (!follow) return 0;
    while (!stopped) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      if (stopped) break;
      const next = await fetch(cursor);
      if (next.reset) process.stderr.write("(log file rotated; continuing from the new file)\n");
      for (const raw of next.lines) print(raw);
      cursor = next.cursor;
    }
    return 0;
  } catch (err) {
    throw new CliError([`Reading the gateway log failed: ${errorMessage(err)}`, `Check the gateway: ${commandHint(ctx.profile, "gateway status")}`]);
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    await close();
  }
};
