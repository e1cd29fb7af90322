import { describe, expect, it } from "vitest";
import { parseWakeParams } from "./wake.js";

describe("parseWakeParams", () => {
  it("accepts the original CLI's params", () => {
    expect(parseWakeParams({ mode: "now", text: "hi" })).toEqual({ ok: true, params: { mode: "now", text: "hi" } });
    expect(parseWakeParams({ mode: "next-heartbeat", text: "hi" })).toMatchObject({ ok: true });
  });
  it.each([
    [{ text: "hi" }, "at /mode: required"],
    [{ mode: "later", text: "hi" }, "at /mode: must be now or next-heartbeat"],
    [{ mode: "now" }, "at /text: required"],
    [{ mode: "now", text: "" }, "at /text: must be a non-empty string"],
    [{ mode: "now", text: "x", extra: 1 }, "at /extra: unexpected property"],
    [undefined, "at /mode:"],
  ])("refuses %j naming the field", (input, fragment) => {
    const result = parseWakeParams(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(`invalid wake params: ${fragment}`);
  });
});
