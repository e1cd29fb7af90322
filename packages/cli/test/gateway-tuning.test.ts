// `clawd gateway` runs with the gateway's memory settings (src/gateway/gateway-tuning.ts): on Node with
// process.execve (22.15+) it re-executes itself, same PID; on Node 20 it sets the V8 flags V8
// still reads at run time. Read from the real process's /proc entries, so Linux only; the
// young generation's size is read inside the real gateway by a --require'd probe on SIGUSR2.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getFreePort } from "@clawd/test-kit/ports";
import { describe, expect, it } from "vitest";
import { runCli, type Sandbox, startCli, useSandboxPerTest } from "./cli-process.js";

let box: Sandbox;
useSandboxPerTest((b) => {
  box = b;
});

const hasExecve = typeof (process as unknown as { execve?: unknown }).execve === "function";
const onLinux = process.platform === "linux" ? describe : describe.skip;
const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
const PROBE = fileURLToPath(new URL("./fixtures/young-generation-probe.cjs", import.meta.url));
/** Young generation with a 1 MiB semi-space, as getHeapSpaceStatistics reports it, KiB. */
const TUNED_NEW_SPACE_MAX_KIB = 2048;
const environ = (pid: number) => readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);

async function startGateway(extraEnv: NodeJS.ProcessEnv = {}) {
  const port = await getFreePort();
  const gw = startCli(["gateway", "--allow-unconfigured", "--port", String(port)], box.env(extraEnv));
  await gw.waitFor("transport:");
  const pid = gw.child.pid as number;
  expect(gw.stdout).toContain(`(PID ${pid})`); // re-exec keeps the PID the CLI prints
  return { gw, pid };
}

onLinux(`clawd gateway memory settings (Linux /proc; this Node ${hasExecve ? "has" : "lacks"} process.execve)`, () => {
  it(
    hasExecve ? "re-executes itself with the V8 flags and MALLOC_ARENA_MAX, same PID" : "keeps its command line (no process.execve on this Node)",
    async () => {
      const { pid } = await startGateway();
      const args = cmdline(pid);
      const env = environ(pid);
      if (hasExecve) {
        expect(args.slice(1, 4)).toEqual(["--max-semi-space-size=1", "--optimize-for-size", "--no-maglev"]);
        expect(env).toContain("MALLOC_ARENA_MAX=2");
        expect(env).toContain("CLAWD_GATEWAY_TUNED=1");
      } else {
        expect(args).not.toContain("--optimize-for-size");
      }
      expect(args.slice(-4)).toEqual(["gateway", "--allow-unconfigured", "--port", args.at(-1)]);
    },
  );

  /** Starts the gateway with the probe, makes it allocate, returns the new space's size in KiB. */
  async function newSpaceAfterBurst(extraEnv: NodeJS.ProcessEnv = {}): Promise<number> {
    const { gw, pid } = await startGateway({ NODE_OPTIONS: `--require ${PROBE}`, ...extraEnv });
    process.kill(pid, "SIGUSR2");
    await gw.waitFor(/young-generation-probe new_space_kib=\d+/);
    return Number(/young-generation-probe new_space_kib=(\d+)/.exec(gw.stderr + gw.stdout)?.[1]);
  }

  it("keeps the young generation at a 1 MiB semi-space through an allocation burst (the V8 settings are in effect)", async () => {
    expect(await newSpaceAfterBurst()).toBeLessThanOrEqual(TUNED_NEW_SPACE_MAX_KIB);
  });

  it("with CLAWD_GATEWAY_TUNING=off the same burst grows the young generation (the probe can tell)", async () => {
    expect(await newSpaceAfterBurst({ CLAWD_GATEWAY_TUNING: "off" })).toBeGreaterThan(2 * TUNED_NEW_SPACE_MAX_KIB);
  });

  it("CLAWD_GATEWAY_TUNING=off starts with Node's defaults", async () => {
    const { pid } = await startGateway({ CLAWD_GATEWAY_TUNING: "off" });
    expect(cmdline(pid)).not.toContain("--optimize-for-size");
    expect(environ(pid)).not.toContain("CLAWD_GATEWAY_TUNED=1");
  });

  it("a bad CLAWD_GATEWAY_MAX_SEMI_SPACE_MB is a usage error (exit 2) that says what to use", async () => {
    const r = await runCli(["gateway", "--allow-unconfigured", "--port", String(await getFreePort())], box.env({ CLAWD_GATEWAY_MAX_SEMI_SPACE_MB: "lots" }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid CLAWD_GATEWAY_MAX_SEMI_SPACE_MB "lots": use a whole number of MiB from 1 to 1024, or unset it');
  });
});
