import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeBin, type FakeBin } from "./fake-bin.js";

const bins: FakeBin[] = [];
afterEach(() => {
  for (const bin of bins.splice(0)) bin.cleanup();
});

/** Runs the fake with `args` and returns what it printed and its exit code. */
function run(bin: FakeBin, args: string[]): { stdout: string; stderr: string; code: number | null } {
  const r = spawnSync(bin.path, args, { encoding: "utf8" });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

describe("createFakeBin", () => {
  it("replaces {argN} in stdout and stderr with the N-th argument, and leaves other braces alone", () => {
    const bin = createFakeBin("taskkill", {
      rules: [
        { argv: ["/PID", "*"], stdout: "SUCCESS: The process with PID {arg1} has been terminated.\r\n" },
        { argv: ["**"], stderr: 'ERROR: "{arg0}" "{arg2}" {argd} {arg}\n', code: 128 },
      ],
    });
    bins.push(bin);
    expect(run(bin, ["/PID", "4242"])).toEqual({ stdout: "SUCCESS: The process with PID 4242 has been terminated.\r\n", stderr: "", code: 0 });
    // A missing argument becomes empty; text that only looks like a placeholder stays.
    expect(run(bin, ["/X"])).toEqual({ stdout: "", stderr: 'ERROR: "/X" "" {argd} {arg}\n', code: 128 });
    expect(bin.calls()).toEqual([["/PID", "4242"], ["/X"]]);
  });
});
