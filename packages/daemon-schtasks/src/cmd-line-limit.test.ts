import { describe, expect, it } from "vitest";
import { formatCmdSet } from "./cmd-escape.js";
import { CMD_LINE_MAX_CHARS, fitPathValue } from "./cmd-line-limit.js";
import { renderTaskScript } from "./task-script.js";

const longPath = Array.from({ length: 200 }, (_, i) => `C:\\Program Files\\Tool ${i}\\with a fairly long bin folder`).join(";");

describe("cmd.exe's 8,191-character line", () => {
  it("a developer's whole Path does not fit on one set line", () => {
    expect(formatCmdSet("PATH", longPath).length).toBeGreaterThan(CMD_LINE_MAX_CHARS);
    expect(() => renderTaskScript({ description: "d", programArguments: ["C:\\node.exe"], environment: { PATH: longPath } })).toThrow(
      /The value of PATH is \d+ characters long; cmd.exe reads at most 8191 per line./,
    );
  });

  it("fitPathValue keeps the first entries that fit, in order, and names the rest", () => {
    const fitted = fitPathValue("PATH", longPath);
    expect(formatCmdSet("PATH", fitted.value).length).toBeLessThanOrEqual(CMD_LINE_MAX_CHARS);
    const entries = longPath.split(";");
    expect([...fitted.value.split(";"), ...fitted.dropped]).toEqual(entries);
    expect(fitted.value.split(";")[0]).toBe(entries[0]);
    expect(fitted.dropped.length).toBeGreaterThan(0);
  });

  it("leaves a short Path alone", () => {
    expect(fitPathValue("PATH", "C:\\Windows;C:\\node")).toEqual({ value: "C:\\Windows;C:\\node", dropped: [] });
  });
});
