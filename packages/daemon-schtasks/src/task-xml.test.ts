import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { HIDDEN_LAUNCHER_TASK_COMMAND } from "./hidden-launcher.js";
import { currentTaskUser, encodeTaskXml, renderTaskXml } from "./task-xml.js";

const SCHEMA = fileURLToPath(new URL("../schema/task-subset.xsd", import.meta.url));

/** `xmllint --schema` on the UTF-16 file schtasks would read. */
function validate(xml: string): { code: number | null; stderr: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "clawd-task-xml-"));
  try {
    const file = path.join(dir, "task.xml");
    writeFileSync(file, encodeTaskXml(xml));
    const result = spawnSync("xmllint", ["--noout", "--nonet", "--schema", SCHEMA, file], { encoding: "utf8" });
    return { code: result.status, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const base = { description: "Clawd Gateway v1 <&>", userId: "DESKTOP-1\\Jo Doe", command: "C:\\Users\\Jo Doe\\.clawd\\gateway.cmd" };

describe("renderTaskXml", () => {
  it("validates against the Task Scheduler schema subset (xmllint --schema), as UTF-16 with a BOM", () => {
    const xml = renderTaskXml(base);
    expect(validate(xml)).toMatchObject({ code: 0 });
    expect([...encodeTaskXml(xml).slice(0, 4)]).toEqual([0xff, 0xfe, 0x3c, 0x00]);
  });

  it("never stops the gateway after 72 h, runs on battery, and restarts on failure", () => {
    const xml = renderTaskXml(base);
    expect(xml).toContain("<ExecutionTimeLimit>PT0S</ExecutionTimeLimit>");
    expect(xml).toContain("<DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>");
    expect(xml).toContain("<StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>");
    expect(xml).toMatch(/<RestartOnFailure>\s*<Interval>PT1M<\/Interval>\s*<Count>3<\/Count>\s*<\/RestartOnFailure>/);
    expect(xml).toContain("<MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>");
  });

  it("starts at the logon of this user only, with limited rights (no admin needed)", () => {
    const xml = renderTaskXml(base);
    expect(xml).toMatch(/<LogonTrigger>\s*<Enabled>true<\/Enabled>\s*<UserId>DESKTOP-1\\Jo Doe<\/UserId>/);
    expect(xml).toContain("<LogonType>InteractiveToken</LogonType>");
    expect(xml).toContain("<RunLevel>LeastPrivilege</RunLevel>");
  });

  it('the hidden launcher action (wscript //B //Nologo "<vbs>") validates', () => {
    const xml = renderTaskXml({ ...base, command: HIDDEN_LAUNCHER_TASK_COMMAND, arguments: '//B //Nologo "C:\\Users\\Jo Doe\\.clawd\\gateway-launcher.vbs"' });
    expect(xml).toContain("<Command>%SystemRoot%\\System32\\wscript.exe</Command>");
    expect(xml).toContain("<Arguments>//B //Nologo &quot;C:\\Users\\Jo Doe\\.clawd\\gateway-launcher.vbs&quot;</Arguments>");
    expect(validate(xml)).toMatchObject({ code: 0 });
  });

  it("escapes markup and keeps a command longer than /TR's 261 characters", () => {
    const command = `C:\\${"deep\\".repeat(60)}gateway.cmd`;
    const xml = renderTaskXml({ ...base, command, arguments: '/d "x" & y' });
    expect(xml).toContain("<Description>Clawd Gateway v1 &lt;&amp;&gt;</Description>");
    expect(xml).toContain("<Arguments>/d &quot;x&quot; &amp; y</Arguments>");
    expect(validate(xml)).toMatchObject({ code: 0 });
  });

  it("the schema rejects what Task Scheduler would (a broken restart count, an unknown element)", () => {
    const bad = renderTaskXml(base).replace("<Count>3</Count>", "<Count>0</Count>");
    expect(validate(bad).code).not.toBe(0);
    const unknown = renderTaskXml(base).replace("<Priority>7</Priority>", "<Prio>7</Prio>");
    expect(validate(unknown).stderr).toContain("Prio");
  });

  it("refuses inputs it cannot write, with the fix", () => {
    expect(() => renderTaskXml({ ...base, userId: "" })).toThrow("USERNAME is not set");
    expect(() => renderTaskXml({ ...base, restartCount: 256 })).toThrow("from 1 to 255");
    expect(() => renderTaskXml({ ...base, description: "a\u0001b" })).toThrow("control character");
  });

  it("names DOMAIN\\user when both are known", () => {
    expect(currentTaskUser({ USERDOMAIN: "WORK", USERNAME: "jo" })).toBe("WORK\\jo");
    expect(currentTaskUser({ USERNAME: "jo" })).toBe("jo");
  });
});
