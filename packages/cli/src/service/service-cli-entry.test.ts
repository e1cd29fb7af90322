// Which CLI path the service pins, on real symlink layouts of npm and pnpm global installs.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveCliEntry } from "./service-spec.js";

let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), "clawd-cli-entry-")));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function file(filePath: string): string {
  mkdirSync(path.dirname(filePath), { recursive: true });
  writeFileSync(filePath, "");
  return filePath;
}

describe("resolveCliEntry", () => {
  it("keeps pnpm's node_modules symlink, not the versioned .pnpm folder an upgrade deletes", () => {
    const versioned = file(path.join(root, "global/5/.pnpm/@clawd+cli@1.0.0/node_modules/@clawd/cli/dist/cli.js"));
    mkdirSync(path.join(root, "global/5/node_modules/@clawd"), { recursive: true });
    symlinkSync(path.join(root, "global/5/.pnpm/@clawd+cli@1.0.0/node_modules/@clawd/cli"), path.join(root, "global/5/node_modules/@clawd/cli"));
    const stable = path.join(root, "global/5/node_modules/@clawd/cli/dist/cli.js");
    expect(resolveCliEntry(stable, versioned)).toBe(stable);
  });

  it("follows npm's bin link one step, to lib/node_modules/@clawd/cli/dist/cli.js", () => {
    const entry = file(path.join(root, "lib/node_modules/@clawd/cli/dist/cli.js"));
    mkdirSync(path.join(root, "bin"));
    symlinkSync("../lib/node_modules/@clawd/cli/dist/cli.js", path.join(root, "bin/clawd"));
    expect(resolveCliEntry(path.join(root, "bin/clawd"), entry)).toBe(entry);
  });

  it("ignores an argv[1] that is some other program, and uses the CLI's own file", () => {
    const entry = file(path.join(root, "real/dist/cli.js"));
    const other = file(path.join(root, "other/dist/cli.js"));
    expect(resolveCliEntry(other, entry)).toBe(entry);
  });

  it("says how to fix a missing build", () => {
    expect(() => resolveCliEntry(path.join(root, "nope.js"), path.join(root, "missing/cli.js"))).toThrow(/Cannot find the built clawd CLI/);
  });
});
