import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { describeIssues, isStandardSchema, issuePath, validateWith } from "./standard-schema.js";

describe("standard schema", () => {
  it("recognises valibot schemas and nothing else", () => {
    expect(isStandardSchema(v.string())).toBe(true);
    expect(isStandardSchema({ "~standard": { version: 2, validate() {} } })).toBe(false);
    expect(isStandardSchema({ parse() {} })).toBe(false);
    expect(isStandardSchema(null)).toBe(false);
  });

  it("names each bad field by its dotted path", () => {
    const schema = v.object({ city: v.string("must be a string"), days: v.array(v.number("must be a number")) });
    const result = validateWith(schema, { city: 1, days: [1, "x"] });
    if (result instanceof Promise || !result.issues) throw new Error("expected sync issues");
    expect(result.issues.map(issuePath)).toEqual(["city", "days.1"]);
    expect(describeIssues(result.issues)).toBe("city: must be a string; days.1: must be a number");
    expect(issuePath({ message: "x" })).toBe("<root>");
    expect(issuePath({ message: "x", path: ["a", { key: 0 }] })).toBe("a.0");
  });
});
