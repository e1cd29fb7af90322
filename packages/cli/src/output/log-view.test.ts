import { describe, expect, it } from "vitest";
import { atLeast, formatLogLine, parseLogLine } from "./log-view.js";

describe("parseLogLine", () => {
  it("reads JSON lines, pretty lines, and keeps anything else as is", () => {
    expect(parseLogLine('{"time":"2026-11-25T16:00:00.000Z","level":"warn","message":"hi"}')).toEqual({
      time: "2026-11-25T16:00:00.000Z",
      level: "warn",
      message: "hi",
    });
    expect(parseLogLine("2026-11-25T16:00:00.000Z [error] Config invalid")).toEqual({
      time: "2026-11-25T16:00:00.000Z",
      level: "error",
      message: "Config invalid",
    });
    expect(parseLogLine("File: /x/clawd.json")).toEqual({ time: undefined, level: undefined, message: "File: /x/clawd.json" });
    expect(parseLogLine("{not json")).toEqual({ time: undefined, level: undefined, message: "{not json" });
  });
});

describe("atLeast / formatLogLine", () => {
  it("filters by severity and colours by level only when asked", () => {
    const warn = parseLogLine("2026-11-25T16:00:00.000Z [warn] careful");
    const debug = parseLogLine("2026-11-25T16:00:00.000Z [debug] noise");
    expect(atLeast(warn, "info")).toBe(true);
    expect(atLeast(debug, "info")).toBe(false);
    expect(atLeast(parseLogLine("plain"), "error")).toBe(true);
    expect(formatLogLine(warn, false)).toBe("2026-11-25T16:00:00.000Z [warn] careful");
    expect(formatLogLine(warn, true)).toBe("\u001b[33m2026-11-25T16:00:00.000Z [warn] careful\u001b[0m");
  });
});
