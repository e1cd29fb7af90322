import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { checkPluginShape, resolvePluginModule } from "./plugin-module.js";

const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { reason: string }).reason;
  }
  return "no error";
};

describe("plugin modules", () => {
  it("checks the default export's shape, naming the field that is wrong", () => {
    expect(checkPluginShape({ name: "ok", setup() {} }, "/p.js").name).toBe("ok");
    expect(reasonOf(() => checkPluginShape(undefined, "/p.js"))).toBe("the module must default-export a plugin object { name, setup(api) }");
    expect(reasonOf(() => checkPluginShape({ name: "Bad Name", setup() {} }, "/p.js"))).toMatch(/^name must be lower-case letters/);
    expect(reasonOf(() => checkPluginShape({ name: "a", setup: 1 }, "/p.js"))).toBe("setup must be a function setup(api)");
    expect(reasonOf(() => checkPluginShape({ name: "a", setup() {}, config: { parse() {} } }, "/p.js"))).toBe(
      "config must be a schema (valibot, zod or any Standard Schema v1)",
    );
    expect(checkPluginShape({ name: "a", setup() {}, config: v.object({}) }, "/p.js").name).toBe("a");
    expect(reasonOf(() => checkPluginShape({ name: "a", setup() {}, claims: { methods: ["ok.name", "bad name"] } }, "/p.js"))).toBe(
      'claims.methods must be a list of names like "sessions.list" or "chat"',
    );
  });

  it("resolves paths from the config's folder and packages from there too", () => {
    const dir = mkdtempSync(join(tmpdir(), "clawd-plugin-module-"));
    writeFileSync(join(dir, "p.mjs"), "export default {}");
    expect(resolvePluginModule("./p.mjs", dir)).toBe(join(dir, "p.mjs"));
    expect(resolvePluginModule(join(dir, "p.mjs"), "/")).toBe(join(dir, "p.mjs"));
    expect(resolvePluginModule(`file://${join(dir, "p.mjs")}`, "/")).toBe(join(dir, "p.mjs"));
    expect(reasonOf(() => resolvePluginModule("./missing.mjs", dir))).toBe(`module not found (from "./missing.mjs", relative to ${dir})`);
    expect(reasonOf(() => resolvePluginModule("not-installed-plugin", dir))).toBe(
      `package not found from ${dir}: install it there (npm i not-installed-plugin) or give a path`,
    );
  });
});
