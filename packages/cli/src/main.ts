import { cac, type CAC } from "cac";
import { CliError, UsageError, errorMessage } from "./cli-error.js";
import { BIN_NAME, commandHint } from "./command-hint.js";
import { type ActionSpec, COMMAND_GROUPS, type CommandGroup, GLOBAL_OPTIONS, type OptionSpec } from "./command-table.js";
import type { CommandContext } from "./context.js";
import { examplesFor, TOP_LEVEL_EXAMPLES } from "./command-examples.js";
import { didYouMean } from "./did-you-mean.js";
import { formatLogLine, GATEWAY_SUBSYSTEM } from "./output/log-line.js";
import { shouldUseColor } from "./output/output.js";
import { splitGlobalArgs } from "./config/profile.js";
import { SERVICE_KIND_ENV } from "./service/service-names.js";
import { shieldArgs } from "./verbatim-args.js";
import { VERSION } from "./version.js";

/** Runs the CLI for `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const { profile, rest } = splitGlobalArgs(argv);
    const ctx: CommandContext = { profile, env };
    const first = rest[0];
    if (first === undefined || first === "--help" || first === "-h") {
      if (rest.length > 1) throw new UsageError(`Unexpected argument "${rest[1]}".`);
      topLevelCli().outputHelp();
      return 0;
    }
    if (first === "--version" || first === "-v") {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (first.startsWith("-")) {
      const globalFlags = [...GLOBAL_OPTIONS.flatMap((o) => o.flags.match(/--[\w-]+/g) ?? []), "--help", "--version"];
      throw new UsageError([
        `Unknown option ${first}.`,
        ...didYouMean(first.split("=")[0] as string, globalFlags),
        `Run ${BIN_NAME} --help to see the commands and options.`,
      ]);
    }
    const group = COMMAND_GROUPS.find((g) => g.name === first);
    if (!group) {
      const names = COMMAND_GROUPS.map((g) => g.name);
      throw new UsageError([
        `Unknown command "${first}".`,
        ...didYouMean(first, names, (n) => commandHint(profile, n)),
        `Commands: ${names.join(", ")}. Run ${BIN_NAME} --help.`,
      ]);
    }
    return await runGroup(group, rest.slice(1), ctx);
  } catch (err) {
    return reportError(err, env);
  }
}

function addOptions(target: { option(raw: string, description: string, config?: { default?: unknown }): unknown }, options: OptionSpec[]): void {
  for (const o of options) target.option(o.flags, o.description, o.default === undefined ? undefined : { default: o.default });
}

function newCli(name: string, help?: Parameters<CAC["help"]>[0]): CAC {
  const cli = cac(name);
  // Defaults are shown in --help only; a flag that is not given must stay undefined so it
  // never overrides the config (the merge happens once, in gateway-settings.ts).
  cli.globalCommand.ignoreOptionDefaultValue();
  addOptions(cli, GLOBAL_OPTIONS);
  cli.help(help);
  return cli;
}

function topLevelCli(): CAC {
  const cli = newCli(BIN_NAME);
  cli.version(VERSION);
  for (const example of TOP_LEVEL_EXAMPLES) cli.example(`  $ ${example}`);
  for (const group of COMMAND_GROUPS) cli.command(group.name, group.description);
  return cli;
}

async function runGroup(group: CommandGroup, tail: string[], ctx: CommandContext): Promise<number> {
  const token = tail[0];
  const named = token !== undefined && !token.startsWith("-") ? group.actions.find((a) => a.name === token && a.name !== "") : undefined;
  const fallback = group.actions.find((a) => a.name === "");
  if (token !== undefined && !token.startsWith("-") && !named && !(token === "run" && fallback && group.name === "gateway")) {
    const known = group.actions.map((a) => a.name).filter(Boolean);
    throw new UsageError([
      `Unknown command "${group.name} ${token}".`,
      ...didYouMean(token, known, (n) => commandHint(ctx.profile, `${group.name} ${n}`)),
      known.length ? `Available: ${known.join(", ")}. Run ${BIN_NAME} ${group.name} --help.` : `Run ${BIN_NAME} ${group.name} --help.`,
    ]);
  }
  const cli = newCli(`${BIN_NAME} ${group.name}`, (sections) => labelDefaultAction(sections, group));
  // The group's own help (its list of commands) shows the first example of each.
  for (const action of group.actions) {
    const first = examplesFor(group.name, action.name)[0];
    if (first !== undefined && action.name !== "") cli.example(`  $ ${first}`);
  }
  let chosen: ActionSpec | undefined;
  let captured: { args: string[]; options: Record<string, unknown> } | undefined;
  for (const action of group.actions) {
    const raw = action.name === "" ? (action.args ?? "") : `${action.name}${action.args ? ` ${action.args}` : ""}`;
    const command = cli.command(raw, action.description);
    if (action.name === "" && group.name === "gateway") command.alias("run");
    addOptions(command, action.options);
    for (const example of examplesFor(group.name, action.name)) command.example(`  $ ${example}`);
    command.action((...values: unknown[]) => {
      chosen = action;
      const options = values.pop() as Record<string, unknown>;
      captured = { args: values.flat().filter((v): v is string => typeof v === "string"), options };
    });
  }
  // Values reach the commands verbatim: cac would turn `--token 0123` into 123 and `""` into 0.
  const shield = shieldArgs(tail, named !== undefined || token === "run");
  const parsed = cli.parse(["node", BIN_NAME, ...shield.argv], { run: false });
  if (parsed.options.help) return 0;
  if (!cli.matchedCommand) {
    cli.outputHelp();
    return 2;
  }
  try {
    cli.runMatchedCommand();
  } catch (err) {
    if ((err as Error).name === "CACError") {
      const message = shield.restore((err as Error).message);
      const typed = /Unknown option `(-[^`]+)`/.exec(message)?.[1];
      const flags = [...(cli.matchedCommand?.options ?? []), ...cli.globalCommand.options].flatMap((o) => o.rawName.match(/--[\w-]+/g) ?? []);
      throw new UsageError([
        `${capitalize(message)}.`,
        ...(typed ? didYouMean(typed, flags) : []),
        `Run ${BIN_NAME} ${group.name}${named ? ` ${named.name}` : ""} --help to see the accepted flags.`,
      ]);
    }
    throw err;
  }
  if (!chosen || !captured) return 2;
  const { args, options } = shield.restore(captured);
  delete options["--"];
  delete options.profile;
  const module = await chosen.load();
  return module.run(ctx, args, options);
}

/** cac lists the default action with a blank name: call it `run`, or drop the list when it is the only action (a named one stays listed). */
function labelDefaultAction(sections: Array<{ title?: string; body: string }>, group: CommandGroup) {
  if (group.actions.length === 1 && group.actions[0]?.name === "")
    return sections.filter((s) => !s.title?.startsWith("Commands") && !s.title?.startsWith("For more info"));
  for (const section of sections) {
    if (section.title !== "Commands") continue;
    const width = Math.max(...group.actions.map((a) => (a.name ? `${a.name}${a.args ? ` ${a.args}` : ""}` : "").length));
    section.body = section.body.replace(new RegExp(`^ {2} {${width}} {2}`, "m"), `  ${"run".padEnd(width)}  `);
  }
  return sections;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function reportError(err: unknown, env: NodeJS.ProcessEnv): number {
  const color = shouldUseColor(process.stderr, env);
  if (CliError.isInstance(err)) {
    const [first, ...rest] = err.lines;
    // Under a service manager stderr goes to gateway.err.log: date the headline so `status` can say when.
    const headline = env[SERVICE_KIND_ENV] ? `${new Date().toISOString()} [error] ${first}` : first;
    process.stderr.write(`${color ? `\u001b[31m${headline}\u001b[39m` : headline}\n`);
    for (const line of rest) process.stderr.write(`${line}\n`);
    logServiceError(env, err.lines.join(" "));
    return err.exitCode;
  }
  process.stderr.write(`${BIN_NAME}: unexpected error: ${errorMessage(err)}\n`);
  logServiceError(env, `${BIN_NAME}: unexpected error: ${errorMessage(err)}`);
  if (env.CLAWD_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  else process.stderr.write("This is a bug; rerun with CLAWD_DEBUG=1 for details and report it.\n");
  return 1;
}

/** Under a service manager stdout is the log file: the error goes there too, so `clawd logs --level error` shows it. */
function logServiceError(env: NodeJS.ProcessEnv, message: string): void {
  if (!env[SERVICE_KIND_ENV]) return;
  process.stdout.write(`${formatLogLine({ time: new Date().toISOString(), level: "error", subsystem: GATEWAY_SUBSYSTEM, message })}\n`);
}
