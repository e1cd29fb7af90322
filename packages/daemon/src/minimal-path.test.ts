import { describe, expect, it } from "vitest";
import { buildMinimalPath } from "./minimal-path.js";

describe("buildMinimalPath", () => {
  it("linux: home dirs then system dirs when nothing else is known", () => {
    expect(buildMinimalPath({ platform: "linux", env: {}, home: "/home/u" }).split(":")).toEqual([
      "/home/u/.local/bin",
      "/home/u/.npm-global/bin",
      "/home/u/bin",
      "/home/u/.nvm/current/bin",
      "/home/u/.fnm/current/bin",
      "/home/u/.volta/bin",
      "/home/u/.asdf/shims",
      "/home/u/.local/share/pnpm",
      "/home/u/.bun/bin",
      "/usr/local/bin",
      "/usr/bin",
      "/bin",
    ]);
  });

  it("linux: without a home only the system dirs remain", () => {
    expect(buildMinimalPath({ platform: "linux", env: {} })).toBe("/usr/local/bin:/usr/bin:/bin");
  });

  it("linux: env roots come first, suffixes are not doubled, duplicates are dropped", () => {
    const value = buildMinimalPath({
      platform: "linux",
      home: "/home/u/",
      extraDirs: ["/opt/node/bin", "/usr/bin"],
      env: {
        PNPM_HOME: "/home/u/.local/share/pnpm",
        NPM_CONFIG_PREFIX: "/home/u/.npm-global/bin",
        BUN_INSTALL: "/home/u/.bun",
        VOLTA_HOME: "/v/",
        ASDF_DATA_DIR: "/a",
        NVM_DIR: "/n",
        FNM_DIR: "  ",
        PATH: "/should/not/appear",
      },
    });
    const dirs = value.split(":");
    expect(dirs.slice(0, 8)).toEqual([
      "/opt/node/bin",
      "/usr/bin",
      "/home/u/.local/share/pnpm",
      "/home/u/.npm-global/bin",
      "/home/u/.bun/bin",
      "/v/bin",
      "/a/shims",
      "/n/current/bin",
    ]);
    expect(new Set(dirs).size).toBe(dirs.length);
    expect(value).not.toContain("/should/not/appear");
    expect(dirs.at(-1)).toBe("/bin");
  });

  it("darwin: homebrew first", () => {
    expect(buildMinimalPath({ platform: "darwin", env: {}, home: "/Users/u", extraDirs: ["/x"] })).toBe("/x:/opt/homebrew/bin:/usr/local/bin:/usr/bin:/bin");
  });

  it("win32: the installing shell's Path, de-duplicated, with extra dirs first", () => {
    expect(buildMinimalPath({ platform: "win32", env: { Path: "C:\\a;C:\\b;;C:\\a" }, extraDirs: ["C:\\node"] })).toBe("C:\\node;C:\\a;C:\\b");
  });
});
