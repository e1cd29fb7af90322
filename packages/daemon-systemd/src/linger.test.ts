import { createCommandRunner, ServiceError } from "@clawd/daemon";
import { createFakeBin, type FakeBin } from "@clawd/test-kit/fake-bin";
import { afterEach, describe, expect, it } from "vitest";
import { enableLinger, getLinger, lingerAdvice, resolveLingerUser } from "./linger.js";

// A real runner against a fake `loginctl` on PATH (logind needs systemd as PID 1).
const run = createCommandRunner();
let fake: FakeBin | undefined;
afterEach(() => fake?.cleanup());

function loginctl(rules: Parameters<typeof createFakeBin>[1]["rules"]) {
  fake = createFakeBin("loginctl", { rules });
  const created = fake;
  return { env: created.env(), calls: () => created.calls() };
}

describe("getLinger", () => {
  it.each([
    ["Linger=yes\n", "enabled"],
    ["Linger=no\n", "disabled"],
  ])("reads %j as %s", async (stdout, state) => {
    const tool = loginctl([{ argv: ["show-user", "alice", "-p", "Linger"], stdout }]);
    expect(await getLinger("alice", run, { env: tool.env })).toEqual({ state });
    expect(tool.calls()).toEqual([["show-user", "alice", "-p", "Linger"]]);
  });

  it("is unknown, with loginctl's words, when loginctl fails", async () => {
    const tool = loginctl([{ argv: ["show-user", "**"], stderr: "Failed to get user: User ID 1000 is not logged in or lingering\n", code: 1 }]);
    expect(await getLinger("bob", run, { env: tool.env })).toEqual({
      state: "unknown",
      detail: "loginctl show-user bob failed: Failed to get user: User ID 1000 is not logged in or lingering",
    });
  });

  it("is unknown on unexpected output", async () => {
    const tool = loginctl([{ argv: ["**"], stdout: "Something=else\n" }]);
    expect((await getLinger("c", run, { env: tool.env })).state).toBe("unknown");
  });

  it("is unknown when loginctl is not installed", async () => {
    const status = await getLinger("d", run, { env: { PATH: "/nonexistent" } });
    expect(status.state).toBe("unknown");
    expect(status.detail).toMatch(/ENOENT/);
  });
});

describe("enableLinger", () => {
  it("runs loginctl enable-linger", async () => {
    const tool = loginctl([{ argv: ["enable-linger", "alice"] }]);
    await enableLinger("alice", run, { env: tool.env });
    expect(tool.calls()).toEqual([["enable-linger", "alice"]]);
  });

  it("uses sudo -n when asked", async () => {
    fake = createFakeBin("sudo", { rules: [{ argv: ["-n", "loginctl", "enable-linger", "alice"] }] });
    await enableLinger("alice", run, { env: fake.env(), sudo: true });
    expect(fake.calls()).toEqual([["-n", "loginctl", "enable-linger", "alice"]]);
  });

  it("throws a ServiceError with the manual command on failure", async () => {
    const tool = loginctl([{ argv: ["enable-linger", "**"], stderr: "Access denied\n", code: 1 }]);
    const attempt = enableLinger("alice", run, { env: tool.env });
    await expect(attempt).rejects.toBeInstanceOf(ServiceError);
    await expect(attempt).rejects.toMatchObject({
      message: "Failed to enable lingering for alice: Access denied",
      hints: ["Run manually: sudo loginctl enable-linger alice"],
    });
  });
});

describe("resolveLingerUser and lingerAdvice", () => {
  it("prefers USER, then LOGNAME, then the OS account", () => {
    expect(resolveLingerUser({ USER: "u", LOGNAME: "l" })).toBe("u");
    expect(resolveLingerUser({ USER: " ", LOGNAME: "l" })).toBe("l");
    expect(resolveLingerUser({})).toMatch(/\S/);
  });

  it("says what happens and how to fix it", () => {
    expect(lingerAdvice("alice")).toEqual([
      "Lingering is disabled for alice: systemd stops the gateway when you log out.",
      "Fix: sudo loginctl enable-linger alice (or reinstall with --linger)",
    ]);
  });
});
