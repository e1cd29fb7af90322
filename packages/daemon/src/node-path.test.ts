import { describe, expect, it } from "vitest";
import { detectVersionManager, resolveNodePath, systemNodeCandidates } from "./node-path.js";
import { ServiceError } from "./service.js";

const none = () => false;

describe("resolveNodePath", () => {
  it("uses the running node when execPath is node", () => {
    const info = resolveNodePath({ execPath: "/usr/bin/node", platform: "linux", env: {}, isExecutable: none });
    expect(info).toEqual({ path: "/usr/bin/node", source: "execPath" });
  });

  it("searches PATH when the running program is not node (e.g. bun)", () => {
    const info = resolveNodePath({
      execPath: "/home/u/.bun/bin/bun",
      platform: "linux",
      env: { PATH: "relative/bin:/opt/a:/opt/b" },
      isExecutable: (p) => p === "/opt/b/node",
    });
    expect(info).toEqual({ path: "/opt/b/node", source: "PATH" });
  });

  it("finds node.exe on a Windows Path", () => {
    const info = resolveNodePath({
      execPath: "C:\\tools\\bun.exe",
      platform: "win32",
      env: { Path: "C:\\nodejs;C:\\other" },
      isExecutable: (p) => p === "C:\\nodejs\\node.exe",
    });
    expect(info.path).toBe("C:\\nodejs\\node.exe");
  });

  it("fails with an actionable ServiceError when no node exists", () => {
    const run = () => resolveNodePath({ execPath: "/x/bun", platform: "linux", env: { PATH: "/a" }, isExecutable: none });
    expect(run).toThrow(ServiceError);
    expect(run).toThrow(/Node not found/);
    try {
      run();
    } catch (error) {
      expect((error as ServiceError).hints.join(" ")).toMatch(/Install Node/);
    }
  });

  it("warns about a version-manager node and names the system node to use instead", () => {
    const info = resolveNodePath({
      execPath: "/home/u/.nvm/versions/node/v22.1.0/bin/node",
      platform: "linux",
      env: {},
      isExecutable: (p) => p === "/usr/bin/node",
    });
    expect(info.versionManager).toBe("nvm");
    expect(info.warning).toContain("/home/u/.nvm/versions/node/v22.1.0/bin/node");
    expect(info.warning).toContain("Reinstall the service with /usr/bin/node");
  });

  it("suggests installing a system node when there is none", () => {
    const info = resolveNodePath({
      execPath: "/home/u/.volta/tools/image/node/22.0.0/bin/node",
      platform: "linux",
      env: {},
      isExecutable: none,
    });
    expect(info.versionManager).toBe("volta");
    expect(info.warning).toMatch(/Install a system-wide Node/);
  });

  it("defaults to the real process when called without options", () => {
    const info = resolveNodePath();
    expect(info.path).toBe(process.execPath);
    expect(info.source).toBe("execPath");
  });
});

describe("detectVersionManager", () => {
  it.each([
    ["/home/u/.nvm/versions/node/v22/bin/node", "nvm"],
    ["/home/u/.fnm/node-versions/v22/installation/bin/node", "fnm"],
    ["/home/u/.asdf/installs/nodejs/22/bin/node", "asdf"],
    ["/home/u/.local/share/pnpm/nodejs/22/bin/node", "pnpm"],
    ["C:\\Users\\u\\AppData\\Roaming\\nvs\\node\\22\\x64\\node.exe", "nvs"],
    ["/usr/bin/node", undefined],
    ["/usr/local/bin/node", undefined],
  ])("%s → %s", (p, expected) => {
    expect(detectVersionManager(p)).toBe(expected);
  });
});

describe("systemNodeCandidates", () => {
  it("lists platform locations", () => {
    expect(systemNodeCandidates("linux")).toEqual(["/usr/local/bin/node", "/usr/bin/node"]);
    expect(systemNodeCandidates("darwin")[0]).toBe("/opt/homebrew/bin/node");
    expect(systemNodeCandidates("win32", { ProgramFiles: "C:\\Program Files" })).toEqual(["C:\\Program Files\\nodejs\\node.exe"]);
  });
});
