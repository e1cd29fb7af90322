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

  it("writes a record's fields as top-level keys after message, never over the line's own keys, and reads them back", () => {
    const fields = { event: "request", conn: "c-1", method: "health", ok: true, durationMs: 0.4, message: "clobber", _meta: "x", 1: "y", nested: { a: 1 } };
    const line = formatLogLine({ ...record, fields: fields as never });
    const value = JSON.parse(line);
    expect(value).toMatchObject({ ...record, event: "request", conn: "c-1", method: "health", ok: true, durationMs: 0.4 });
    expect(value["1"]).toBe(record.message);
    expect(value._meta.logLevelName).toBe("WARN");
    expect(value).not.toHaveProperty("nested");
    // (JSON puts the integer-like key "1" first whatever the order it was written in.)
    expect(Object.keys(value)).toEqual(["1", "time", "level", "subsystem", "message", "event", "conn", "method", "ok", "durationMs", "_meta"]);
    expect(parseLogLine(line)).toEqual({ ...record, fields: { event: "request", conn: "c-1", method: "health", ok: true, durationMs: 0.4 } });
    // A line without fields reads back without a fields key (the older shape).
    expect(parseLogLine(formatLogLine(record))).not.toHaveProperty("fields");
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
