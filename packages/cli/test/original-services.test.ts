// The original Clawdbot's gateway service next to ours (#17 item 10): `gateway status` and
// `doctor` name it with the command that removes it, and nothing removes it. On Linux the
// systemd package looks for `clawdbot-gateway[-<profile>].service`; launchd labels and task
// names are covered in @clawd/daemon-launchd and @clawd/daemon-schtasks.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, type Sandbox, useSandboxPerTest } from "./cli-process.js";

let box: Sandbox;
useSandboxPerTest((b) => {
  box = b;
});

describe("the original Clawdbot's gateway service", () => {
  it("gateway status and doctor name it and the command that removes it; the unit stays", async () => {
    const units = join(box.home, ".config", "systemd", "user");
    mkdirSync(units, { recursive: true });
    const unit = join(units, "clawdbot-gateway.service");
    writeFileSync(unit, "[Service]\nExecStart=/usr/bin/node /opt/clawdbot/dist/index.js gateway\n");
    writeFileSync(join(units, "clawdbot-node.service"), "[Service]\n");
    const env = box.env({ NO_COLOR: "1", CLAWD_GATEWAY_PORT: "18799" });
    const remove = `systemctl --user disable --now clawdbot-gateway.service && rm "${unit}" && systemctl --user daemon-reload`;
    const warning = `The original Clawdbot's systemd unit clawdbot-gateway.service (${unit}) is installed too and competes for port 18799.`;

    const status = await runCli(["gateway", "status", "--no-probe"], env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`! ${warning}\n  Remove it: ${remove}\n`);
    expect(status.stdout).not.toContain("clawdbot-node");

    const json = await runCli(["gateway", "status", "--no-probe", "--json"], env);
    expect(JSON.parse(json.stdout).service.legacy).toEqual([{ name: "clawdbot-gateway.service", label: "systemd unit", file: unit, removeCommand: remove }]);

    const doctor = await runCli(["doctor"], env);
    expect(doctor.stdout).toContain(`! Original Clawdbot service: ${warning}\n  fix: Remove it: ${remove}\n`);
    expect(existsSync(unit)).toBe(true);
  });

  it("nothing is said when there is none", async () => {
    const status = await runCli(["gateway", "status", "--no-probe"], box.env({ NO_COLOR: "1" }));
    expect(status.stdout).not.toContain("Clawdbot");
  });
});
