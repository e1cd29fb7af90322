import { createCommandRunner } from "@clawd/daemon";
import { createFakeBin, type FakeBin } from "@clawd/test-kit/fake-bin";
import { afterEach, describe, expect, it } from "vitest";
import { checkUserBus, detectHost, userBusHints } from "./user-bus.js";

const run = createCommandRunner();
const plainHost = { wsl: false, container: false, hasRuntimeDir: true };
let fake: FakeBin | undefined;
afterEach(() => fake?.cleanup());

function systemctl(stderr: string, code: number) {
  fake = createFakeBin("systemctl", { rules: [{ argv: ["--user", "show", "-p", "SystemState", "--value"], stderr, code }] });
  return fake.env();
}

describe("checkUserBus", () => {
  it("is null when the user manager answers", async () => {
    fake = createFakeBin("systemctl", { rules: [{ argv: ["--user", "**"], stdout: "running\n" }] });
    expect(await checkUserBus(run, fake.env(), plainHost)).toBeNull();
  });

  it("explains a missing session bus (su shell without XDG_RUNTIME_DIR)", async () => {
    const env = systemctl("Failed to connect to bus: No medium found\n", 1);
    const error = await checkUserBus(run, env, { ...plainHost, hasRuntimeDir: false });
    expect(error?.message).toBe("systemd user services are unavailable: Failed to connect to bus: No medium found");
    expect(error?.hints[0]).toMatch(/XDG_RUNTIME_DIR is not set/);
    expect(error?.hints).toContain("Without systemd, run the gateway in the foreground instead: clawd gateway");
  });

  it("tells WSL users how to enable systemd", async () => {
    const env = systemctl("System has not been booted with systemd as init system (PID 1). Can't operate.\n", 1);
    const error = await checkUserBus(run, env, { ...plainHost, wsl: true });
    expect(error?.message).toMatch(/not been booted with systemd/);
    expect(error?.hints).toEqual([
      "WSL needs systemd enabled: add these two lines to /etc/wsl.conf: [boot] and systemd=true",
      "Then run `wsl --shutdown` from PowerShell and reopen your distro.",
      "Check with: systemctl --user status",
    ]);
  });

  it("tells container users to run in the foreground", async () => {
    const env = systemctl("Failed to connect to bus: No such file or directory\n", 1);
    const error = await checkUserBus(run, env, { ...plainHost, container: true });
    expect(error?.hints[0]).toMatch(/Containers usually run without systemd/);
  });

  it("reports a missing systemctl", async () => {
    const error = await checkUserBus(run, { PATH: "/nonexistent" }, plainHost);
    expect(error?.message).toBe("systemctl was not found; per-user services on Linux need systemd.");
  });

  it("really fails against a runtime dir with no manager in it (real systemctl)", async () => {
    const error = await checkUserBus(run, { PATH: process.env.PATH, XDG_RUNTIME_DIR: "/nonexistent-clawd-run" }, plainHost);
    expect(error?.message).toMatch(/^systemd user services are unavailable: Failed to connect to bus/);
  });
});

describe("detectHost and userBusHints", () => {
  it("reads WSL and container markers from env", () => {
    expect(detectHost({ WSL_DISTRO_NAME: "Ubuntu", container: "podman", XDG_RUNTIME_DIR: "/run/user/1" })).toMatchObject({
      wsl: true,
      container: true,
      hasRuntimeDir: true,
    });
    expect(detectHost({}).hasRuntimeDir).toBe(false);
  });

  it("always ends with how to check", () => {
    expect(userBusHints(plainHost)).toEqual([
      "Check with: systemctl --user status",
      "Without systemd, run the gateway in the foreground instead: clawd gateway",
    ]);
  });

  it("names the caller's profile in the commands it suggests", () => {
    expect(userBusHints(plainHost, (c) => `clawd --profile work ${c}`).at(-1)).toBe(
      "Without systemd, run the gateway in the foreground instead: clawd --profile work gateway",
    );
    expect(userBusHints({ ...plainHost, container: true }, (c) => `clawd --profile work ${c}`)[0]).toContain("(`clawd --profile work gateway`)");
  });
});
