import { describe, expect, it } from "vitest";
import { commandOutputText } from "./command-output.js";

describe("commandOutputText", () => {
  it("puts stderr before stdout and trims", () => {
    expect(commandOutputText({ code: 1, stdout: "out\n", stderr: "ERROR: Access is denied.\r\n" })).toBe("ERROR: Access is denied.\r\n\nout");
  });

  it("says why there is no output: could not start, timed out, or just the exit code", () => {
    const error = Object.assign(new Error("spawn launchctl ENOENT"), { code: "ENOENT" });
    expect(commandOutputText({ code: null, stdout: "", stderr: "", error })).toBe("spawn launchctl ENOENT");
    expect(commandOutputText({ code: null, stdout: " ", stderr: "\n", timedOut: true })).toBe("timed out");
    expect(commandOutputText({ code: 113, stdout: "", stderr: "" })).toBe("exit code 113");
  });
});
