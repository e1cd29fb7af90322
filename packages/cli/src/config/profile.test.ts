import { describe, expect, it } from "vitest";
import { resolvePaths } from "./paths.js";
import { parseProfileName, splitGlobalArgs } from "./profile.js";

describe("profiles and paths", () => {
  it("--profile is taken from anywhere before --", () => {
    expect(splitGlobalArgs(["gateway", "--profile", "work", "--port", "1"])).toEqual({ profile: "work", rest: ["gateway", "--port", "1"] });
    expect(splitGlobalArgs(["--profile=work", "config", "path"])).toEqual({ profile: "work", rest: ["config", "path"] });
    expect(splitGlobalArgs(["call", "--", "--profile", "x"]).profile).toBeUndefined();
    expect(() => splitGlobalArgs(["--profile"])).toThrow("--profile requires a value.");
    expect(() => parseProfileName("../etc")).toThrow(/Invalid --profile/);
    expect(parseProfileName("Default")).toBeUndefined();
  });
  it("the default profile honours the env overrides; a named profile never does", () => {
    const env = { HOME: "/h", CLAWD_STATE_DIR: "~/custom", CLAWD_CONFIG_PATH: undefined };
    expect(resolvePaths(undefined, env)).toMatchObject({ stateDir: "/h/custom", configPath: "/h/custom/clawd.json", workspaceDir: "/h/clawd" });
    expect(resolvePaths("dev", env)).toMatchObject({
      stateDir: "/h/.clawd-dev",
      configPath: "/h/.clawd-dev/clawd.json",
      logFile: "/h/.clawd-dev/logs/gateway.log",
      workspaceDir: "/h/clawd-dev",
    });
  });
});
