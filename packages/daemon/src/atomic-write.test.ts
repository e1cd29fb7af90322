import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeFileAtomic } from "./atomic-write.js";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "clawd-atomic-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("writeFileAtomic", () => {
  it("creates parent directories and writes the exact text", async () => {
    const file = path.join(dir, "a", "b", "unit.service");
    await writeFileAtomic(file, "ünïcødé ✓\r\nline\n", 0o644);
    expect(readFileSync(file, "utf8")).toBe("ünïcødé ✓\r\nline\n");
  });

  it("sets exactly the given mode, whatever the umask narrowed", async () => {
    const previous = process.umask(0o077);
    try {
      await writeFileAtomic(path.join(dir, "public"), "x", 0o644);
      await writeFileAtomic(path.join(dir, "private"), "x", 0o600);
    } finally {
      process.umask(previous);
    }
    expect(statSync(path.join(dir, "public")).mode & 0o777).toBe(0o644);
    expect(statSync(path.join(dir, "private")).mode & 0o777).toBe(0o600);
  });

  it("replaces an existing file, including its mode, and leaves no temp file", async () => {
    const file = path.join(dir, "agent.plist");
    writeFileSync(file, "old", { mode: 0o600 });
    await writeFileAtomic(file, "new", 0o644);
    expect(readFileSync(file, "utf8")).toBe("new");
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(readdirSync(dir)).toEqual(["agent.plist"]);
  });

  it("removes its temp file when the rename fails, and rethrows", async () => {
    const target = path.join(dir, "taken");
    mkdirSync(path.join(target, "child"), { recursive: true });
    await expect(writeFileAtomic(target, "x", 0o644)).rejects.toMatchObject({ code: expect.stringMatching(/EISDIR|ENOTEMPTY|EEXIST|EPERM/) });
    expect(readdirSync(dir)).toEqual(["taken"]);
  });
});
