import { describe, expect, it } from "vitest";
import { validateConfig } from "./config-schema.js";

describe("validateConfig messages", () => {
  it.each([["gateway", 5], ["gateway.auth", "token"], ["gateway.nodes", null], ["gateway.tailscale", ["serve", "funnel"]]])(
    "%s given a non-object says it must be an object (not \"unknown key\")",
    (key, value) => {
      const parts = key.split(".");
      const config = parts.reduceRight<unknown>((inner, part) => ({ [part]: inner }), value);
      expect(validateConfig(config)).toEqual({ ok: false, issues: [{ key, message: "must be an object" }] });
    },
  );

  it("an unknown key of a strict section is still named as one", () => {
    expect(validateConfig({ gateway: { auth: { tokne: "x" } } })).toEqual({ ok: false, issues: [{ key: "gateway.auth.tokne", message: "unknown key (check the spelling)" }] });
  });
});
