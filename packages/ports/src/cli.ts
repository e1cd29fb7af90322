#!/usr/bin/env node
// The `clawd-ports` bin: a thin shell over parseCliArgs, explainPortInUse and freePort.
import { parseCliArgs, USAGE, type CliOptions } from "./cli-args.js";
import { explainPortInUse } from "./explain.js";
import { freePort } from "./free-port.js";
import { PortError } from "./port-error.js";
import { redactSecrets } from "./redact.js";

/** Exit codes: 0 the port ends free, 1 it does not (or a runtime failure), 2 usage error. */
export const EXIT_FREE = 0;
export const EXIT_BUSY = 1;
export const EXIT_USAGE = 2;

async function kill(options: CliOptions, signal: AbortSignal): Promise<number> {
  const { port } = options;
  try {
    const result = await freePort(port, { timeoutMs: options.timeoutMs, graceMs: options.graceMs, dryRun: options.dryRun, signal });
    if (options.json) {
      const killed = result.killed.map((l) => (l.commandLine === undefined || options.showSecrets ? l : { ...l, commandLine: redactSecrets(l.commandLine) }));
      process.stdout.write(`${JSON.stringify({ port, free: !options.dryRun || result.killed.length === 0, dryRun: options.dryRun, ...result, killed })}\n`);
    } else {
      const verb = options.dryRun ? "would kill" : "killed";
      for (const l of result.killed) process.stdout.write(`${verb} pid ${l.pid} (${l.command}) on port ${port}\n`);
      if (result.killed.length === 0) process.stdout.write(`Port ${port} is free; nothing to stop.\n`);
      else if (!options.dryRun) {
        if (result.escalated) process.stdout.write(`escalated to SIGKILL after ${options.graceMs ?? 700}ms\n`);
        process.stdout.write(`waited ${result.waitedMs}ms for port ${port} to free\n`);
      }
    }
    return options.dryRun && result.killed.length > 0 ? EXIT_BUSY : EXIT_FREE;
  } catch (err) {
    if (!PortError.isInstance(err)) throw err;
    if (options.json) process.stdout.write(`${JSON.stringify({ port, free: false, error: { code: err.code, message: err.message, pids: err.pids } })}\n`);
    else process.stderr.write(`clawd-ports: ${err.message}\n`);
    return EXIT_BUSY;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseCliArgs(argv);
  if (args.kind === "help") {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_FREE;
  }
  if (args.kind === "error") {
    process.stderr.write(`clawd-ports: ${args.message}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const { options } = args;
  if (options.kill || options.dryRun) {
    const abort = new AbortController();
    process.once("SIGINT", () => abort.abort(new Error("interrupted")));
    return kill(options, abort.signal);
  }
  const explanation = await explainPortInUse(options.port, { redact: !options.showSecrets });
  process.stdout.write(options.json ? `${JSON.stringify(explanation)}\n` : `${explanation.text}\n`);
  return explanation.status === "free" ? EXIT_FREE : EXIT_BUSY;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`clawd-ports: unexpected failure: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT_BUSY;
  },
);
