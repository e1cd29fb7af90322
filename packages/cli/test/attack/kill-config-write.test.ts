// Attack: `kill -9` `clawd config set` at least KILLS_MIN times (bounded by
// KILL_PHASE_BUDGET_MS): every other run at a random moment of its life, the others the
// instant their temp file appears (a directory watcher reads the writer's pid from the
// temp file's name), which is the window that leaves a temp file behind. After every kill the config must
// still parse and validate with one of the values written; the next completed write must
// leave no stale temp file of our naming, and must not touch anyone else's files (issue 10
// items 10 and 6).
import { existsSync, type FSWatcher, mkdirSync, watch, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateConfig } from "../../src/config/config-schema.js";
import { tempFilePattern } from "../../src/config/stale-temp-files.js";
import { createSandbox, killAllClis, runCli, type Sandbox, startCli } from "../cli-process.js";

/** How many runs must actually die by SIGKILL (issue 10 asks for ≥ 100 in CI). */
const KILLS_MIN = 100;
/** Upper bound on the kill phase, however slow the machine: ms. */
const KILL_PHASE_BUDGET_MS = 25_000;
/** Runs at once: each mostly waits on start-up I/O, so four keep two cores busy. */
const PARALLEL_RUNS = 4;
/** How many unkilled runs measure how long a `config set` takes here. */
const CALIBRATION_RUNS = 3;

let box: Sandbox;
let configPath: string;
beforeAll(() => {
  box = createSandbox();
  mkdirSync(box.state, { recursive: true });
  configPath = join(box.state, "clawd.json");
  writeFileSync(configPath, JSON.stringify({ gateway: { mode: "local", port: 20000 } }));
});
afterAll(async () => {
  await killAllClis();
  box.cleanup();
});

const ourTempFiles = () => readdirSync(box.state).filter((name) => tempFilePattern(configPath).test(name));

function assertConfigValid(context: string): void {
  const parsed: unknown = JSON.parse(readFileSync(configPath, "utf8"));
  const result = validateConfig(parsed);
  expect(result.ok, context).toBe(true);
  const port = (parsed as { gateway: { port: number } }).gateway.port;
  expect(port >= 20000 && port < 30000, `${context}: port ${port}`).toBe(true);
}

describe("kill -9 during clawd config set", () => {
  it(`leaves a valid config after ≥ ${KILLS_MIN} kills, and the next write removes stale temp files (ours only)`, async () => {
    const timings: number[] = [];
    for (let i = 0; i < CALIBRATION_RUNS; i++) {
      const started = performance.now();
      const r = await runCli(["config", "set", "gateway.port", String(20001 + i)], box.env());
      expect(r.code).toBe(0);
      timings.push(performance.now() - started);
    }
    const typicalMs = timings.sort((a, b) => a - b)[Math.floor(CALIBRATION_RUNS / 2)]!;

    // Targeted runs die as soon as their temp file exists: between open and rename.
    const targeted = new Map<number, () => void>();
    const watcher: FSWatcher = watch(box.state, (_event, name) => {
      const pid = name ? /\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name)?.[1] : undefined;
      if (pid) targeted.get(Number(pid))?.();
    });
    let kills = 0;
    let completed = 0;
    let attempts = 0;
    const deadline = performance.now() + KILL_PHASE_BUDGET_MS;
    const worker = async () => {
      while (kills < KILLS_MIN && performance.now() < deadline) {
        const value = 21000 + (attempts++ % 8000);
        const cli = startCli(["config", "set", "gateway.port", String(value)], box.env());
        const pid = cli.child.pid!;
        let timer: NodeJS.Timeout | undefined;
        if (attempts % 2 === 0) targeted.set(pid, () => cli.child.kill("SIGKILL"));
        else timer = setTimeout(() => cli.child.kill("SIGKILL"), typicalMs * (0.3 + Math.random() * 0.8)); // start-up to just past a typical finish
        const r = await cli.exited;
        clearTimeout(timer);
        targeted.delete(pid);
        if (r.signal === "SIGKILL") kills++;
        else {
          expect(r.code, r.stderr).toBe(0);
          completed++;
        }
        assertConfigValid(`after attempt ${attempts} (${r.signal ?? `exit ${r.code}`})`);
      }
    };
    try {
      await Promise.all(Array.from({ length: PARALLEL_RUNS }, worker));
    } finally {
      watcher.close();
    }
    expect(kills, `only ${kills} of ${attempts} runs died by SIGKILL within ${KILL_PHASE_BUDGET_MS} ms`).toBeGreaterThanOrEqual(KILLS_MIN);
    console.log(
      `kill -9 config set: ${attempts} runs, ${kills} killed, ${completed} completed, ${ourTempFiles().length} temp files left (typical run ${Math.round(typicalMs)} ms)`,
    );
    if (existsSync(`${configPath}.bak`)) JSON.parse(readFileSync(`${configPath}.bak`, "utf8")); // the backup is whole too

    // Leftovers (from the kills, plus planted ones) are aged past the threshold, as time would.
    const planted = join(box.state, "clawd.json.4242.0badcafe.tmp");
    writeFileSync(planted, "{ half a con");
    const aged = new Date(Date.now() - 60_000);
    for (const name of ourTempFiles()) utimesSync(join(box.state, name), aged, aged);
    const young = join(box.state, "clawd.json.4343.feedf00d.tmp"); // a writer right now: keep
    writeFileSync(young, "{}");
    const foreign = ["clawd.json.tmp", "other.json.4242.0badcafe.tmp", "clawd.json.4242.0BADCAFE.tmp", "clawd.json.x.0badcafe.tmp"];
    for (const name of foreign) {
      writeFileSync(join(box.state, name), "not ours");
      utimesSync(join(box.state, name), aged, aged);
    }

    const r = await runCli(["config", "set", "gateway.port", "29999"], box.env());
    expect(r.code).toBe(0);
    assertConfigValid("after the cleanup write");
    expect(ourTempFiles()).toEqual(["clawd.json.4343.feedf00d.tmp"]);
    for (const name of foreign) expect(existsSync(join(box.state, name)), name).toBe(true);
  });
});
