import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findLastGatewayError, readLogTail } from "./last-error.js";
import { formatLogLine } from "../output/log-line.js";

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), "clawd-last-error-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("readLogTail", () => {
  it("returns the last lines and drops the one cut by the byte window", async () => {
    const file = join(temp(), "gateway.log");
    writeFileSync(file, `${Array.from({ length: 50 }, (_, i) => `line ${i} ${"x".repeat(20)}`).join("\n")}\n`);
    const tail = await readLogTail(file, 3, 100);
    expect(tail).toEqual([`line 47 ${"x".repeat(20)}`, `line 48 ${"x".repeat(20)}`, `line 49 ${"x".repeat(20)}`]);
    const window = await readLogTail(file, 100, 100);
    expect(window.every((l) => /^line \d+ x{20}$/.test(l))).toBe(true);
  });
  it("is empty for a missing file", async () => {
    expect(await readLogTail(join(temp(), "nope.log"), 5)).toEqual([]);
  });
});

describe("findLastGatewayError", () => {
  it("finds the newest error line, checking the files in order", async () => {
    const dir = temp();
    writeFileSync(join(dir, "err.log"), "");
    const t = "2026-11-25T16:00:00.000Z";
    writeFileSync(join(dir, "out.log"), `${t} [info] listening\n${t} [error] Refusing to bind gateway to lan without auth.\n${t} [info] later\n`);
    expect(await findLastGatewayError([join(dir, "err.log"), join(dir, "out.log")])).toBe(`${t} [error] Refusing to bind gateway to lan without auth.`);
  });
  it('finds a CLI refusal such as "Config invalid" and dates an undated line with the file\'s time', async () => {
    const dir = temp();
    const file = join(dir, "err.log");
    writeFileSync(file, "Config invalid\nFile: /x/clawd.json\n");
    utimesSync(file, new Date("2026-11-25T15:00:00Z"), new Date("2026-11-25T15:00:00Z"));
    expect(await findLastGatewayError([file])).toBe("Config invalid (log written 2026-11-25T15:00:00.000Z)");
  });
  it("reads JSON log lines and shows them as time [level] message", async () => {
    const dir = temp();
    const info = formatLogLine({ time: "2026-01-01T00:00:00.000Z", level: "info", subsystem: "gateway", message: "listening" });
    const error = formatLogLine({ time: "2026-01-01T00:00:01.000Z", level: "error", subsystem: "gateway", message: "Gateway failed to start" });
    writeFileSync(join(dir, "out.log"), `${info}\n${error}\n${info}\n`);
    expect(await findLastGatewayError([join(dir, "out.log")])).toBe("2026-01-01T00:00:01.000Z [error] Gateway failed to start");
  });
  it("is undefined when nothing looks like an error", async () => {
    const dir = temp();
    writeFileSync(join(dir, "out.log"), "2026 [info] listening\n");
    expect(await findLastGatewayError([join(dir, "out.log")])).toBeUndefined();
  });
});
