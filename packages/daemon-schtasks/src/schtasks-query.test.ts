import { describe, expect, it } from "vitest";
import { queryList } from "../test/schtasks-fixtures.js";
import { queryListGerman } from "../test/schtasks-recorded.js";
import { TASK_RESULT, describeTaskResult, isTaskDisabled, isTaskRunning, parseResultCode, parseSchtasksQuery } from "./schtasks-query.js";
import { taskStatusFromQuery } from "./task-status.js";

describe("parseSchtasksQuery", () => {
  it("reads Last Result, Last Run Time and Task To Run from English output", () => {
    const info = parseSchtasksQuery(queryList("Clawd Gateway", { lastResult: "267009" }), "Clawd Gateway");
    expect(info).toMatchObject({
      taskName: "\\Clawd Gateway",
      lastRunResultText: "267009",
      lastRunResult: TASK_RESULT.RUNNING,
      lastRunTime: "11/24/2025 9:00:01 AM",
      taskToRun: '"C:\\Users\\me\\.clawd\\gateway.cmd"',
    });
    expect(info.keys["repeat: every"]).toBe("N/A");
    expect(info.keys["stop task if runs x hours and x mins"]).toBe("72:00:00");
  });

  it("finds the code by position in localized output (German)", () => {
    const german = [
      "Ordner: \\",
      "Hostname:                              PC",
      "Aufgabenname:                          \\Clawd Gateway",
      "Nächste Laufzeit:                      Nicht zutreffend",
      "Status:                                Wird ausgeführt",
      "Anmeldemodus:                          Nur interaktiv",
      "Letzte Laufzeit:                       24.11.2025 09:00:01",
      "Letztes Ergebnis:                      0x41306",
      "Autor:                                 PC\\me",
    ].join("\r\n");
    expect(parseSchtasksQuery(german, "Clawd Gateway")).toMatchObject({ lastRunResult: TASK_RESULT.TERMINATED });
  });

  it("does not guess when nothing numeric sits at the result position", () => {
    expect(parseSchtasksQuery("Folder: \\\r\nTaskName:   \\X\r\n", "X").lastRunResult).toBeUndefined();
  });
});

describe("parseResultCode / describeTaskResult", () => {
  it.each([
    ["0", 0],
    ["0x0", 0],
    ["267009", 0x41301],
    ["0x41303", 0x41303],
    ["-2147216609", 0x8004131f],
    ["3221225786", 0xc000013a],
    ["N/A", undefined],
  ])("parses %s", (text, code) => {
    expect(parseResultCode(text)).toBe(code);
  });

  it.each([
    [TASK_RESULT.RUNNING, "running", undefined],
    [TASK_RESULT.ALREADY_RUNNING, "running", undefined],
    [TASK_RESULT.HAS_NOT_RUN, "stopped", undefined],
    [TASK_RESULT.TERMINATED, "stopped", undefined],
    [TASK_RESULT.QUEUED, "unknown", undefined],
    [0, "stopped", 0],
    [1, "stopped", 1],
    [TASK_RESULT.CTRL_C_EXIT, "stopped", TASK_RESULT.CTRL_C_EXIT],
  ])("maps 0x%s", (code, state, exitStatus) => {
    const meaning = describeTaskResult(code);
    expect(meaning.state).toBe(state);
    expect(meaning.exitStatus).toBe(exitStatus);
    expect(meaning.reason).not.toBe("");
  });
});

describe("disabled and running, in English and German", () => {
  const hint = (command: string) => `clawd ${command}`;

  it.each([
    ["English", queryList("Clawd Gateway", { status: "Disabled", taskState: "Disabled", lastResult: "267014" })],
    ["German", queryListGerman("Clawd Gateway", { status: "Deaktiviert", taskState: "Deaktiviert", lastResult: "267014" })],
  ])("%s: a disabled task is disabled, and status says who stopped it", (_language, output) => {
    const info = parseSchtasksQuery(output, "Clawd Gateway");
    expect(isTaskDisabled(info)).toBe(true);
    expect(isTaskRunning(info)).toBe(false);
    expect(taskStatusFromQuery(output, "Clawd Gateway", true, { stoppedByUs: true, hint })).toMatchObject({
      loadedText: "disabled, stopped by `clawd gateway stop`",
      state: "stopped",
      hints: ["clawd gateway start enables the task and starts the gateway."],
    });
    expect(taskStatusFromQuery(output, "Clawd Gateway", true, { stoppedByUs: false, hint }).loadedText).toBe("disabled");
  });

  it.each([
    ["English", queryList("Clawd Gateway", { status: "Running" })],
    ["German", queryListGerman("Clawd Gateway", { status: "Wird ausgeführt" })],
  ])("%s: an enabled running task is neither disabled nor ended", (_language, output) => {
    const info = parseSchtasksQuery(output, "Clawd Gateway");
    expect(isTaskDisabled(info)).toBe(false);
    expect(isTaskRunning(info)).toBe(true);
    expect(taskStatusFromQuery(output, "Clawd Gateway", true, { stoppedByUs: false, hint }).loadedText).toBe("registered");
    // Stopped by us while the task stayed enabled (a /DISABLE that failed): still said.
    expect(taskStatusFromQuery(output, "Clawd Gateway", true, { stoppedByUs: true, hint }).loadedText).toBe("registered, stopped by `clawd gateway stop`");
  });

  it("in a language without known words, our stop marker decides", () => {
    const french = queryList("Clawd Gateway", { status: "Désactivée", taskState: "Désactivée" }).replace("Scheduled Task State", "État de la tâche planifiée");
    expect(isTaskDisabled(parseSchtasksQuery(french, "Clawd Gateway"))).toBeUndefined();
    expect(taskStatusFromQuery(french, "Clawd Gateway", true, { stoppedByUs: true, hint }).loadedText).toBe("disabled, stopped by `clawd gateway stop`");
    expect(taskStatusFromQuery(french, "Clawd Gateway", true, { stoppedByUs: false, hint }).loadedText).toBe("registered");
  });
});
