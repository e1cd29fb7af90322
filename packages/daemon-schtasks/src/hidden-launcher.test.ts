import { describe, expect, it } from "vitest";
import { hiddenLauncherArguments, parseHiddenLauncher, renderHiddenLauncher } from "./hidden-launcher.js";

describe("the hidden launcher", () => {
  it("runs the script with window style 0 and does not wait; the path is quoted for cmd inside the VBScript string", () => {
    const text = renderHiddenLauncher("C:\\Users\\Jo Doe (x)\\.clawd\\gateway.cmd");
    expect(text).toContain('\r\nCreateObject("WScript.Shell").Run """C:\\Users\\Jo Doe (x)\\.clawd\\gateway.cmd""", 0, False\r\n');
    expect(text.startsWith("' clawd-service: written by @clawd/daemon-schtasks")).toBe(true);
    expect(parseHiddenLauncher(text)).toBe("C:\\Users\\Jo Doe (x)\\.clawd\\gateway.cmd");
  });

  it("refuses a path a VBScript string cannot carry", () => {
    expect(() => renderHiddenLauncher('C:\\a"b.cmd')).toThrow("VBScript string");
  });

  it("wscript arguments: batch mode, no logo, the quoted launcher", () => {
    expect(hiddenLauncherArguments("C:\\Users\\Jo Doe\\.clawd\\gateway-launcher.vbs")).toBe('//B //Nologo "C:\\Users\\Jo Doe\\.clawd\\gateway-launcher.vbs"');
  });
});
