import { describe, expect, it } from "vitest";
import { formatLogLine, logLevelOf, parseLogLine } from "./log-line.js";

const record = { time: "2026-11-25T15:00:00.000Z", level: "warn", subsystem: "gateway", message: 'listening on "ws://127.0.0.1:1"' };

describe("formatLogLine", () => {
  it('writes our fields and the ones the original\'s parsers read (time, _meta.logLevelName, _meta.name, "1")', () => {
    const line = formatLogLine(record);
    expect(line).not.toContain("\n");
    const value = JSON.parse(line);
    expect(value).toMatchObject(record);
    expect(value["1"]).toBe(record.message);
    expect(value._meta.logLevelName).toBe("WARN");
    expect(JSON.parse(value._meta.name)).toEqual({ subsystem: "gateway" });
    // The original CLI joins the numbered keys into the message: only "1" is numbered.
    expect(Object.keys(value).filter((k) => /^\d+$/.test(k))).toEqual(["1"]);
  });

  it("round-trips through parseLogLine; plain and broken lines are not records", () => {
    expect(parseLogLine(formatLogLine(record))).toEqual(record);
    expect(parseLogLine("2026 [info] listening")).toBeUndefined();
    expect(parseLogLine("{not json")).toBeUndefined();
    expect(parseLogLine('{"time":1}')).toBeUndefined();
  });

  it("maps consola types to the levels the viewers filter on", () => {
    expect(["success", "info", "warn", "error", "fatal", "debug", "nonsense"].map(logLevelOf)).toEqual([
      "info",
      "info",
      "warn",
      "error",
      "fatal",
      "debug",
      "info",
    ]);
  });
});
