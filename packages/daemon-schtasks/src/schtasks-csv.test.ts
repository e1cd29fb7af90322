import { describe, expect, it } from "vitest";
import { GERMAN_TASK_LIST_CSV, TASK_LIST_CSV } from "../test/schtasks-recorded.js";
import { hasTask, parseCsvLine, parseTaskListCsv } from "./schtasks-csv.js";

describe("parseTaskListCsv", () => {
  it.each([
    ["English", TASK_LIST_CSV],
    ["German", GERMAN_TASK_LIST_CSV],
  ])("finds the task by its path in %s output, skipping localized headers", (_language, csv) => {
    const tasks = parseTaskListCsv(csv);
    expect(hasTask(tasks, "Clawd Gateway")).toBe(true);
    expect(hasTask(tasks, "clawd gateway")).toBe(true); // Task Scheduler names are case-insensitive
    expect(hasTask(tasks, "Clawd")).toBe(false);
    expect(tasks).toContain("\\Microsoft\\Windows\\Defrag\\ScheduledDefrag");
    expect(tasks.some((t) => /TaskName|Aufgabenname/.test(t))).toBe(false);
  });

  it("splits quoted fields with commas and doubled quotes", () => {
    expect(parseCsvLine('"\\A, b","say ""hi""","",x')).toEqual(["\\A, b", 'say "hi"', "", "x"]);
  });
});
