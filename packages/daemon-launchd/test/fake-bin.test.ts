// The shared fake-binary helper (tooling/test-kit/src/fake-bin.ts), exercised through a real
// spawn the way the service tests use it.
import { createCommandRunner } from "@clawd/daemon";
import { createFakeBin } from "@clawd/test-kit/fake-bin";
import { describe, expect, it } from "vitest";

describe("createFakeBin", () => {
  it("records argv, matches patterns in order, counts `times` and keeps state", async () => {
    const fake = createFakeBin("tool", {
      ignoreCase: true,
      state: { mode: "a" },
      rules: [
        { argv: ["flaky"], times: 1, stderr: "once\n", code: 5 },
        { argv: ["flaky"], stdout: "ok\n" },
        { argv: ["set", "*"], set: { mode: "b" } },
        { argv: ["get"], when: { mode: "b" }, stdout: "b\n" },
        { argv: ["get"], stdout: "a\n" },
        { argv: ["LIST", "**"], stdout: "listed\n" },
      ],
      fallback: { stderr: "nope\n", code: 2 },
    });
    try {
      const run = createCommandRunner({ env: fake.env() });
      expect(await run("tool", ["flaky"])).toMatchObject({ code: 5, stderr: "once\n" });
      expect(await run("tool", ["flaky"])).toMatchObject({ code: 0, stdout: "ok\n" });
      expect(await run("tool", ["get"])).toMatchObject({ stdout: "a\n" });
      expect(await run("tool", ["set", "x"])).toMatchObject({ code: 0 });
      expect(await run("tool", ["get"])).toMatchObject({ stdout: "b\n" });
      expect(await run("tool", ["list"])).toMatchObject({ stdout: "listed\n" });
      expect(await run("tool", ["list", "a b", 'q"'])).toMatchObject({ stdout: "listed\n" });
      expect(await run("tool", ["other"])).toMatchObject({ code: 2, stderr: "nope\n" });
      expect(fake.state()).toEqual({ mode: "b" });
      expect(fake.calls()).toEqual([["flaky"], ["flaky"], ["get"], ["set", "x"], ["get"], ["list"], ["list", "a b", 'q"'], ["other"]]);
      fake.setBehaviour({ rules: [], state: {} });
      expect(fake.state()).toEqual({});
      expect(await run("tool", [])).toMatchObject({ code: 64 });
    } finally {
      fake.cleanup();
    }
  });
});
