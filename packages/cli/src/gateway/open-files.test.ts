import { describe, expect, it } from "vitest";
import { OPEN_FILES_RESERVE, openFilesLimit, openFilesWarning, parseProcLimits } from "./open-files.js";

const PROC_LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes
`;

describe("open-files limit", () => {
  it("reads the soft limit from /proc/<pid>/limits; unlimited or missing is undefined", () => {
    expect(parseProcLimits(PROC_LIMITS)).toBe(1024);
    expect(parseProcLimits(PROC_LIMITS.replace("1024                 524288", "unlimited            unlimited"))).toBeUndefined();
    expect(parseProcLimits("Limit Soft Hard Units\n")).toBeUndefined();
  });

  it.runIf(process.platform === "linux")("reads this process's own limit on Linux (the same number `ulimit -n` prints in a child shell)", async () => {
    const { execFileSync } = await import("node:child_process");
    expect(openFilesLimit()).toBe(Number(execFileSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).trim()));
    expect(openFilesLimit("linux", "/nonexistent/limits")).toBeUndefined();
    expect(openFilesLimit("win32")).toBeUndefined();
  });

  it("says nothing while maxConnections plus the reserve fits", () => {
    expect(openFilesWarning(1024 - OPEN_FILES_RESERVE, 1024, undefined)).toBeUndefined();
    expect(openFilesWarning(12_000, undefined, undefined)).toBeUndefined();
  });

  it("one line naming the limit and how to raise it, in the foreground", () => {
    expect(openFilesWarning(12_000, 1024, undefined)).toBe(
      "gateway.limits.maxConnections is 12000 but this process may open only 1024 files (RLIMIT_NOFILE), so connections past about 960 will fail; " +
        "run `ulimit -n 12064` in the shell that starts clawd gateway (raising the hard limit may need root or /etc/security/limits.conf), or lower gateway.limits.maxConnections",
    );
  });

  it("names LimitNOFILE and the unit under systemd, the plist keys under launchd", () => {
    expect(openFilesWarning(8192, 4096, { kind: "systemd", name: "clawd-gateway-work" })).toContain(
      "set LimitNOFILE=8256 under [Service] (systemctl --user edit clawd-gateway-work.service) and restart the service",
    );
    expect(openFilesWarning(8192, 256, { kind: "launchd", name: "ai.clawd.gateway" })).toContain(
      "set SoftResourceLimits and HardResourceLimits NumberOfFiles to 8256 in the ai.clawd.gateway plist",
    );
    expect(openFilesWarning(8192, 256, { kind: "launchd", name: "ai.clawd.gateway" })).not.toContain("\n");
  });
});
