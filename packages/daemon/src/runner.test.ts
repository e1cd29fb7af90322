import { describe, expect, it } from "vitest";
import { createCommandRunner } from "./runner.js";

describe("createCommandRunner", () => {
  const run = createCommandRunner();

  it("captures stdout, stderr and the exit code without throwing", async () => {
    const result = await run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"]);
    expect(result).toEqual({ code: 3, stdout: "out\n", stderr: "err\n" });
  });

  it("passes env, cwd and stdin", async () => {
    const result = await run("/bin/sh", ["-c", 'echo "$FOO $(pwd)"; cat'], {
      env: { FOO: "bar", PATH: "/usr/bin:/bin" },
      cwd: "/tmp",
      input: "piped",
    });
    expect(result.stdout).toBe("bar /tmp\npiped");
  });

  it("reports a missing command as an error instead of rejecting", async () => {
    const result = await run("/nonexistent/clawd-no-such-command", []);
    expect(result.code).toBeNull();
    expect(result.error?.code).toBe("ENOENT");
  });

  it("kills a command that outlives its timeout and says so", async () => {
    const result = await run("/bin/sleep", ["30"], { timeoutMs: 50 });
    expect(result.timedOut).toBe(true);
    expect(result.code).toBeNull();
  });

  it("uses the defaults given at creation", async () => {
    const withDefaults = createCommandRunner({ env: { GREETING: "hi" } });
    const result = await withDefaults("/bin/sh", ["-c", 'echo "$GREETING"']);
    expect(result.stdout).toBe("hi\n");
  });
});
