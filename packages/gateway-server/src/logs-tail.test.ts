import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseLogsTailParams, planLogsTail, readLogsTail, splitLogLines } from "./logs-tail.js";

describe("parseLogsTailParams", () => {
  it("applies defaults and rejects bad fields by name", () => {
    expect(parseLogsTailParams(undefined)).toEqual({ ok: true, params: { limit: 500, maxBytes: 250_000 } });
    expect(parseLogsTailParams({ cursor: 5, limit: 10, maxBytes: 100 })).toEqual({ ok: true, params: { cursor: 5, limit: 10, maxBytes: 100 } });
    const bad = parseLogsTailParams({ maxBytes: 2_000_000 });
    expect(bad).toEqual({ ok: false, message: "invalid logs.tail params: at /maxBytes: must be ≤ 1000000" });
    expect(parseLogsTailParams({ cursor: -1 }).ok).toBe(false);
    expect(parseLogsTailParams({ limit: 1.5 }).ok).toBe(false);
    expect(parseLogsTailParams("nope").ok).toBe(false);
  });
});

describe("planLogsTail", () => {
  const p = (cursor: number | undefined, maxBytes = 100) => ({ limit: 500, maxBytes, ...(cursor === undefined ? {} : { cursor }) });
  it("tails without a cursor", () => {
    expect(planLogsTail(50, p(undefined))).toEqual({ start: 0, truncated: false, reset: false });
    expect(planLogsTail(150, p(undefined))).toEqual({ start: 50, truncated: true, reset: false });
  });
  it("continues from a cursor", () => {
    expect(planLogsTail(150, p(120))).toEqual({ start: 120, truncated: false, reset: false });
    expect(planLogsTail(150, p(150))).toEqual({ start: 150, truncated: false, reset: false });
  });
  it("resets when the cursor is past the end (file rotated) or too far behind", () => {
    expect(planLogsTail(50, p(80))).toEqual({ start: 0, truncated: false, reset: true });
    expect(planLogsTail(500, p(10))).toEqual({ start: 400, truncated: true, reset: true });
  });
});

describe("splitLogLines", () => {
  it("drops the partial first line of a mid-file read, trailing empties and CRs, keeps the last `limit`", () => {
    expect(splitLogLines("tial\nfull\r\nnext\n", true, 10)).toEqual(["full", "next"]);
    expect(splitLogLines("a\nb\nc", false, 2)).toEqual(["b", "c"]);
    expect(splitLogLines("", false, 5)).toEqual([]);
    expect(splitLogLines("no newline at all", true, 5)).toEqual([]);
  });
});

describe("readLogsTail", () => {
  it("reads only the tail and reports the new cursor", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "gw-tail-")), "g.log");
    writeFileSync(file, `${Array.from({ length: 100 }, (_, i) => `line ${i}`).join("\n")}\n`);
    const result = await readLogsTail(file, { limit: 500, maxBytes: 30 });
    expect(result.truncated).toBe(true);
    expect(result.lines.at(-1)).toBe("line 99");
    expect(result.lines[0]).toMatch(/^line \d+$/);
    expect(result.cursor).toBe(result.size);
  });
  it("treats a missing file as empty", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "gw-tail-")), "missing.log");
    expect(await readLogsTail(file, { limit: 5, maxBytes: 10 })).toEqual({ file, cursor: 0, size: 0, lines: [] });
  });
});
