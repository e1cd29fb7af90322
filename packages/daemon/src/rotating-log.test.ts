import * as fs from "node:fs";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LOG_KEEP_FILES, LOG_MAX_BYTES, createRotatingLog } from "./rotating-log.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "clawd-rotating-log-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("createRotatingLog", () => {
  it("caps every file and keeps a bounded number of old ones, however much is written", () => {
    const file = path.join(dir, "gateway.log");
    const log = createRotatingLog(file, fs, 1000, 2);
    for (let i = 0; i < 500; i++) log.write(`line ${String(i).padStart(4, "0")} ${"x".repeat(40)}\n`);
    expect(readdirSync(dir).sort()).toEqual(["gateway.log", "gateway.log.1", "gateway.log.2"]);
    for (const name of readdirSync(dir)) expect(statSync(path.join(dir, name)).size).toBeLessThanOrEqual(1000);
    // The newest lines are in the live file, the ones before them in .1, then .2.
    const live = readFileSync(file, "utf8");
    expect(live.trimEnd().split("\n").at(-1)).toMatch(/^line 0499 /);
    const older = readFileSync(`${file}.1`, "utf8").trimEnd().split("\n");
    const firstLive = Number(/^line (\d+)/.exec(live)![1]);
    expect(Number(/^line (\d+)/.exec(older.at(-1)!)![1])).toBe(firstLive - 1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("continues the size count of an existing file", () => {
    const file = path.join(dir, "gateway.log");
    fs.writeFileSync(file, "y".repeat(990));
    createRotatingLog(file, fs, 1000, 1).write("12345678901234567890\n");
    expect(readFileSync(`${file}.1`, "utf8")).toBe("y".repeat(990));
    expect(readFileSync(file, "utf8")).toBe("12345678901234567890\n");
  });

  it("never throws when the directory is gone", () => {
    const log = createRotatingLog(path.join(dir, "missing", "gateway.log"), fs, 10, 1);
    expect(() => log.write("x".repeat(50))).not.toThrow();
  });

  it("defaults: 10 MiB per file, 3 kept", () => {
    expect([LOG_MAX_BYTES, LOG_KEEP_FILES]).toEqual([10 * 1024 * 1024, 3]);
  });
});
