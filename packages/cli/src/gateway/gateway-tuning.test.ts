import { describe, expect, it } from "vitest";
import { gatewayTuning, planGatewayReexec, runtimeGatewayV8Flags } from "./gateway-tuning.js";

const facts = (over: Partial<Parameters<typeof planGatewayReexec>[0]> = {}) => ({
  execPath: "/usr/bin/node",
  execArgv: [] as string[],
  argv: ["/usr/bin/node", "/app/cli.js", "gateway", "--port", "18789"],
  env: { PATH: "/usr/bin" } as NodeJS.ProcessEnv,
  hasExecve: true,
  ...over,
});

describe("gateway memory settings", () => {
  it("caps the semi-space at 1 MiB, optimizes for size, skips Maglev and uses 2 malloc arenas by default", () => {
    expect(gatewayTuning({})).toEqual({ v8Flags: ["--max-semi-space-size=1", "--optimize-for-size", "--no-maglev"], env: { MALLOC_ARENA_MAX: "2" } });
    expect(gatewayTuning({ CLAWD_GATEWAY_TUNING: "off" })).toBeUndefined();
    expect(gatewayTuning({ CLAWD_GATEWAY_MAX_SEMI_SPACE_MB: "8", MALLOC_ARENA_MAX: "1" })?.v8Flags[0]).toBe("--max-semi-space-size=8");
    expect(gatewayTuning({ MALLOC_ARENA_MAX: "1" })?.env).toEqual({ MALLOC_ARENA_MAX: "1" });
  });

  it("rejects a bad semi-space override with what to use", () => {
    expect(() => gatewayTuning({ CLAWD_GATEWAY_MAX_SEMI_SPACE_MB: "0.5" })).toThrow(
      /invalid CLAWD_GATEWAY_MAX_SEMI_SPACE_MB "0.5": use a whole number of MiB from 1 to 1024/,
    );
  });

  it("re-executes the same command line with the flags first and the settings in the environment", () => {
    const plan = planGatewayReexec(facts({ execArgv: ["--enable-source-maps"] }));
    expect(plan).toEqual({
      kind: "execve",
      args: [
        "/usr/bin/node",
        "--max-semi-space-size=1",
        "--optimize-for-size",
        "--no-maglev",
        "--enable-source-maps",
        "/app/cli.js",
        "gateway",
        "--port",
        "18789",
      ],
      env: { PATH: "/usr/bin", MALLOC_ARENA_MAX: "2", CLAWD_GATEWAY_TUNED: "1" },
    });
  });

  it("never re-executes twice, nor when the service unit already passed everything, nor when turned off", () => {
    expect(planGatewayReexec(facts({ env: { CLAWD_GATEWAY_TUNED: "1" } }))).toEqual({ kind: "none", reason: "tuned" });
    expect(planGatewayReexec(facts({ execArgv: ["--max-semi-space-size=1", "--optimize-for-size", "--no-maglev"], env: { MALLOC_ARENA_MAX: "2" } }))).toEqual({
      kind: "none",
      reason: "tuned",
    });
    expect(planGatewayReexec(facts({ env: { CLAWD_GATEWAY_TUNING: "off" } }))).toEqual({ kind: "none", reason: "off" });
  });

  it("keeps a semi-space size the user chose on the command line and adds only what is missing", () => {
    const plan = planGatewayReexec(facts({ execArgv: ["--max-semi-space-size=16"] }));
    expect(plan.kind === "execve" && plan.args.slice(0, 4)).toEqual(["/usr/bin/node", "--optimize-for-size", "--no-maglev", "--max-semi-space-size=16"]);
  });

  it("runs with Node's defaults where process.execve is missing (Node 20, Windows)", () => {
    expect(planGatewayReexec(facts({ hasExecve: false }))).toEqual({ kind: "none", reason: "no-execve" });
  });

  it("without process.execve swaps the start-up-only semi-space cap for a growth factor of 1", () => {
    expect(runtimeGatewayV8Flags(gatewayTuning({})!)).toEqual(["--semi-space-growth-factor=1", "--optimize-for-size", "--no-maglev"]);
    // a larger cap cannot be applied at run time: the young generation keeps V8's growth
    expect(runtimeGatewayV8Flags(gatewayTuning({ CLAWD_GATEWAY_MAX_SEMI_SPACE_MB: "8" })!)).toEqual(["--optimize-for-size", "--no-maglev"]);
  });
});
