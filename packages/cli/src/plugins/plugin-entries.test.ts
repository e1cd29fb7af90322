import { describe, expect, it } from "vitest";
import { readStrings } from "../gateway/flags.js";
import { pluginEntries } from "./plugin-entries.js";

describe("plugin entries", () => {
  it("config entries first (as written), then --plugin flags made absolute from the cwd", () => {
    const config = {
      plugins: [
        { module: "./a.js", config: { x: 1 } },
        { module: "pkg-b", enabled: false },
      ],
    };
    expect(pluginEntries(config, ["./c.js", "pkg-d", "/abs/e.js"], "/work")).toEqual([
      { module: "./a.js", config: { x: 1 } },
      { module: "pkg-b", enabled: false },
      { module: "/work/c.js" },
      { module: "pkg-d" },
      { module: "/abs/e.js" },
    ]);
    expect(pluginEntries({}, [], "/work")).toEqual([]);
  });

  it("--plugin is repeatable; an empty value is a usage error", () => {
    expect(readStrings({ plugin: ["a", "b"] }, "plugin", "--plugin")).toEqual(["a", "b"]);
    expect(readStrings({ plugin: "a" }, "plugin", "--plugin")).toEqual(["a"]);
    expect(readStrings({}, "plugin", "--plugin")).toEqual([]);
    expect(() => readStrings({ plugin: " " }, "plugin", "--plugin")).toThrow("--plugin must not be empty.");
    expect(() => readStrings({ plugin: true }, "plugin", "--plugin")).toThrow("--plugin needs a value.");
  });
});
