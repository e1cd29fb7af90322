import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assertReplaceable, removeOwnedFile } from "./owned-file.js";
import { ServiceError } from "./service.js";

const MARKER = "rem Written by clawd";
const isOurs = (text: string) => text.includes(MARKER);

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "clawd-owned-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("assertReplaceable", () => {
  it("allows a missing file, our own file, and anything when forced", () => {
    expect(() => assertReplaceable("/f", null, isOurs, false)).not.toThrow();
    expect(() => assertReplaceable("/f", `${MARKER}\n`, isOurs, false)).not.toThrow();
    expect(() => assertReplaceable("/f", "someone else's", isOurs, true)).not.toThrow();
  });

  it("refuses someone else's file with the way to override", () => {
    const run = () => assertReplaceable("/f", "someone else's", isOurs, false);
    expect(run).toThrow(ServiceError);
    expect(run).toThrow("/f exists and was not written by Clawd.");
    try {
      run();
    } catch (error) {
      expect((error as ServiceError).hints).toEqual(["Move it away, or overwrite it with: clawd gateway install --force"]);
    }
  });
});

describe("removeOwnedFile", () => {
  it("removes a file that carries our marker and says so", async () => {
    const file = path.join(dir, "gateway.cmd");
    writeFileSync(file, `${MARKER}\r\n`);
    expect(await removeOwnedFile(file, isOurs, "task script")).toEqual({
      removed: [file],
      notes: [`Removed task script: ${file}`],
    });
    expect(existsSync(file)).toBe(false);
  });

  it("leaves someone else's file in place, with a note", async () => {
    const file = path.join(dir, "agent.plist");
    writeFileSync(file, "<plist/>");
    expect(await removeOwnedFile(file, isOurs, "LaunchAgent")).toEqual({
      removed: [],
      notes: [`Left ${file} in place: it was not written by Clawd.`],
    });
    expect(existsSync(file)).toBe(true);
  });

  it("does nothing and says nothing when there is no file", async () => {
    expect(await removeOwnedFile(path.join(dir, "missing"), isOurs, "LaunchAgent")).toEqual({ removed: [], notes: [] });
  });
});
