import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readTextIfExists } from "./read-text-if-exists.js";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "clawd-read-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("readTextIfExists", () => {
  it("reads a file as UTF-8 and answers null for a missing one", async () => {
    writeFileSync(path.join(dir, "f"), "ünï\n");
    expect(await readTextIfExists(path.join(dir, "f"))).toBe("ünï\n");
    expect(await readTextIfExists(path.join(dir, "missing"))).toBeNull();
  });

  it("throws other errors instead of calling them missing", async () => {
    await expect(readTextIfExists(dir)).rejects.toMatchObject({ code: "EISDIR" });
  });
});
