import * as fs from "node:fs";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { LOG_KEEP_FILES, LOG_MAX_BYTES, capAppendedFile, createRotatingLog, rotateInPlace, shiftRotatedCopies } from "./rotating-log.js";

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

/** Runs a real node child whose stdout is `stdout` (e.g. a file opened in append mode, as systemd's append: does). */
function runChild(body: string, stdout: number | "pipe", args: string[] = []) {
  const script = `${shiftRotatedCopies.toString()}\n${rotateInPlace.toString()}\n${capAppendedFile.toString()}\nconst fs = require("node:fs");\n${body}`;
  return spawnSync(process.execPath, ["-e", script, "--", ...args], { stdio: ["ignore", stdout, "pipe"], encoding: "utf8" });
}

const names = (d: string) => readdirSync(d).sort();

describe("capAppendedFile (a file a service manager appends our output to)", () => {
  it("rotates in place through an inherited O_APPEND descriptor: bounded count and size, the live file still written", () => {
    const file = path.join(dir, "gateway.log");
    const fd = fs.openSync(file, "a");
    const child = runChild(
      `const cap = capAppendedFile(1, process.argv[1], fs, 1000, 2);
       if (!cap) throw new Error("not capped");
       for (let i = 0; i < 500; i++) { const line = "line " + String(i).padStart(4, "0") + " " + "x".repeat(40) + "\\n"; cap.check(Buffer.byteLength(line)); fs.writeSync(1, line); }`,
      fd,
      [file],
    );
    fs.closeSync(fd);
    expect(child.stderr).toBe("");
    expect(names(dir)).toEqual(["gateway.log", "gateway.log.1", "gateway.log.2"]);
    for (const name of names(dir)) expect(statSync(path.join(dir, name)).size).toBeLessThanOrEqual(1000);
    const live = readFileSync(file, "utf8");
    expect(live.trimEnd().split("\n").at(-1)).toMatch(/^line 0499 /);
    expect(live.startsWith("line ")).toBe(true); // no hole of NULs before the first line after a truncate
    const older = readFileSync(`${file}.1`, "utf8").trimEnd().split("\n");
    expect(Number(/^line (\d+)/.exec(older.at(-1)!)![1])).toBe(Number(/^line (\d+)/.exec(live)![1]) - 1);
  });

  it("a crash loop (one error per start) keeps the error log and its copies within the cap", () => {
    const file = path.join(dir, "gateway.err.log");
    for (let start = 0; start < 40; start++) {
      const fd = fs.openSync(file, "a");
      runChild(
        `const cap = capAppendedFile(1, process.argv[1], fs, 300, 3);
         cap.check(0);
         const line = new Date().toISOString() + " [error] start " + process.argv[2] + ": config invalid\\n";
         cap.check(Buffer.byteLength(line)); fs.writeSync(1, line); process.exit(1);`,
        fd,
        [file, String(start)],
      );
      fs.closeSync(fd);
    }
    expect(names(dir)).toEqual(["gateway.err.log", "gateway.err.log.1", "gateway.err.log.2", "gateway.err.log.3"]);
    for (const name of names(dir)) expect(statSync(path.join(dir, name)).size).toBeLessThanOrEqual(300);
    expect(readFileSync(file, "utf8").trimEnd().split("\n").at(-1)).toMatch(/ start 39: config invalid$/);
  });

  it("leaves a pipe, a terminal or another file alone", () => {
    const file = path.join(dir, "gateway.log");
    fs.writeFileSync(file, "");
    const other = fs.openSync(path.join(dir, "other.log"), "a");
    const onPipe = runChild(`process.stderr.write(String(capAppendedFile(1, process.argv[1], fs, 10, 1) === undefined));`, "pipe", [file]);
    const onOther = runChild(`process.stderr.write(String(capAppendedFile(1, process.argv[1], fs, 10, 1) === undefined));`, other, [file]);
    fs.closeSync(other);
    expect([onPipe.stderr, onOther.stderr]).toEqual(["true", "true"]);
  });
});
