/** What every command receives from the dispatcher. */
export interface CommandContext {
  /** From `--profile` (undefined = default profile). */
  profile: string | undefined;
  env: NodeJS.ProcessEnv;
}

/** A command module's entry: positional args and cac's options; resolves to the exit code. */
export type CommandRun = (ctx: CommandContext, args: string[], options: Record<string, unknown>) => Promise<number>;
