// Memory settings for the long-running gateway process. Without them V8 keeps the young
// generation it grew during a connect burst (up to 32 MiB) and the old space the handshakes
// promoted, and nothing ever allocates enough to give it back: `clawd gateway` on uWS held
// 5.3 KiB per idle connection at 10,000 (11-12 at 2,000) on Node 20/22/24. With a 1 MiB
// semi-space, --optimize-for-size (V8's memory reducer then returns the burst's pages once
// idle), no Maglev tier (on Node 24 its code for the handshake path stayed resident: 3.4 →
// 0.65 KiB/conn at 2,000) and two malloc arenas it holds ~0.5-1.9 KiB (bench/gateway
// cli-idle-memory), for about the same connect-burst and request CPU. V8 and glibc read these only at
// process start, so `clawd gateway` re-executes itself (process.execve, Node >= 22.15, same
// PID) and the service unit passes them on its command line and environment. Node 20 has no
// process.execve, so there the foreground gateway sets the V8 flags V8 still reads at run time
// (runtimeGatewayV8Flags) before its heap grows; the semi-space cap and MALLOC_ARENA_MAX are
// start-up only. Pure.

/** V8 semi-space cap for the gateway, in MiB (the young generation is 3 semi-spaces). */
export const GATEWAY_MAX_SEMI_SPACE_MB = 1;
/** glibc malloc arenas for the gateway (glibc's default is 8 per core). */
export const GATEWAY_MALLOC_ARENA_MAX = 2;
/** `off` starts the gateway with Node's defaults (no re-exec, no flags). */
export const GATEWAY_TUNING_ENV = "CLAWD_GATEWAY_TUNING";
/** Overrides GATEWAY_MAX_SEMI_SPACE_MB (a whole number of MiB). */
export const GATEWAY_SEMI_SPACE_ENV = "CLAWD_GATEWAY_MAX_SEMI_SPACE_MB";
/** Set in the re-executed process so it never re-executes again. */
export const GATEWAY_TUNED_ENV = "CLAWD_GATEWAY_TUNED";

/** What the gateway process should run with: V8 flags and environment additions. */
export interface GatewayTuning {
  v8Flags: string[];
  env: Record<string, string>;
}

/** The settings for this environment, or undefined when CLAWD_GATEWAY_TUNING=off; throws on a bad override. */
export function gatewayTuning(env: NodeJS.ProcessEnv): GatewayTuning | undefined {
  if (env[GATEWAY_TUNING_ENV] === "off") return undefined;
  const raw = env[GATEWAY_SEMI_SPACE_ENV];
  const semi = raw === undefined || raw === "" ? GATEWAY_MAX_SEMI_SPACE_MB : Number(raw);
  if (!Number.isInteger(semi) || semi < 1 || semi > 1024) {
    throw new Error(`invalid ${GATEWAY_SEMI_SPACE_ENV} "${raw}": use a whole number of MiB from 1 to 1024, or unset it`);
  }
  return {
    v8Flags: [`--max-semi-space-size=${semi}`, "--optimize-for-size", "--no-maglev"],
    env: { MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX || String(GATEWAY_MALLOC_ARENA_MAX) },
  };
}

/** How `clawd gateway` gets its settings: already has them, re-executes with them, or cannot (and why). */
export type GatewayReexecPlan = { kind: "none"; reason: "off" | "tuned" | "no-execve" } | { kind: "execve"; args: string[]; env: NodeJS.ProcessEnv };

/** Decides the re-exec from this process's facts; `args` starts with the node binary (argv0). */
export function planGatewayReexec(facts: {
  execPath: string;
  execArgv: readonly string[];
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  hasExecve: boolean;
}): GatewayReexecPlan {
  const tuning = gatewayTuning(facts.env);
  if (!tuning) return { kind: "none", reason: "off" };
  const flagsPresent = tuning.v8Flags.every((flag) => facts.execArgv.some((a) => a === flag || a.startsWith(`${flag.split("=")[0]}=`)));
  const envPresent = Object.keys(tuning.env).every((k) => facts.env[k]);
  if (facts.env[GATEWAY_TUNED_ENV] || (flagsPresent && envPresent)) return { kind: "none", reason: "tuned" };
  if (!facts.hasExecve) return { kind: "none", reason: "no-execve" };
  const missingFlags = tuning.v8Flags.filter((flag) => !facts.execArgv.some((a) => a === flag || a.startsWith(`${flag.split("=")[0]}=`)));
  return {
    kind: "execve",
    args: [facts.execPath, ...missingFlags, ...facts.execArgv, ...facts.argv.slice(1)],
    env: { ...facts.env, ...tuning.env, [GATEWAY_TUNED_ENV]: "1" },
  };
}

/**
 * V8 flags the running process can still apply (v8.setFlagsFromString) when it cannot re-exec:
 * V8 reads the semi-space cap only at heap set-up, but reads the growth factor each time the
 * young generation would grow, so a factor of 1 keeps it at its 1 MiB initial semi-space (the
 * same as --max-semi-space-size=1). With a larger override the cap cannot be applied at run
 * time, so the young generation keeps V8's growth.
 */
export function runtimeGatewayV8Flags(tuning: GatewayTuning): string[] {
  const semiFlag = tuning.v8Flags.find((f) => f.startsWith("--max-semi-space-size="));
  const semi = semiFlag ? Number(semiFlag.split("=")[1]) : Number.NaN;
  const others = tuning.v8Flags.filter((f) => f !== semiFlag);
  return semi === GATEWAY_MAX_SEMI_SPACE_MB ? ["--semi-space-growth-factor=1", ...others] : others;
}
