import type { ServiceSpec } from "@clawd/daemon";
import fc from "fast-check";
import { parse as independentParse } from "plist";
import { describe, expect, it } from "vitest";
import { trickyString } from "../test/arbitraries.js";
import { canValidatePlist, validatePlist } from "../test/xmllint.js";
import { LAUNCH_AGENT_MARKER, THROTTLE_INTERVAL_S, hasLaunchAgentMarker, launchAgentDict, parseLaunchAgent, renderLaunchAgent } from "./launch-agent.js";
import { findXmlForbiddenChar } from "./plist.js";

const spec: ServiceSpec = {
  name: "ai.clawd.gateway",
  description: "Clawd Gateway (v1.2.3)",
  programArguments: ["/opt/homebrew/bin/node", "/Users/me/My Apps/clawd/dist/cli.js", "gateway", "--port", "18789"],
  workingDirectory: "/Users/me",
  environment: { PATH: "/opt/homebrew/bin:/usr/bin:/bin", CLAWD_STATE_DIR: "/Users/me/.clawd", EMPTY: "  " },
  stdoutPath: "/Users/me/.clawd/logs/gateway.log",
  stderrPath: "/Users/me/.clawd/logs/gateway.err.log",
};

describe("renderLaunchAgent", () => {
  it("writes the keys launchd needs, absolute node first, empty env values dropped", () => {
    const parsed = independentParse(renderLaunchAgent(spec));
    expect(parsed).toEqual({
      Label: "ai.clawd.gateway",
      Comment: "Clawd Gateway (v1.2.3)",
      ProgramArguments: spec.programArguments,
      WorkingDirectory: "/Users/me",
      EnvironmentVariables: { PATH: "/opt/homebrew/bin:/usr/bin:/bin", CLAWD_STATE_DIR: "/Users/me/.clawd" },
      StandardOutPath: "/Users/me/.clawd/logs/gateway.log",
      StandardErrorPath: "/Users/me/.clawd/logs/gateway.err.log",
      RunAtLoad: true,
      KeepAlive: true,
      ThrottleInterval: THROTTLE_INTERVAL_S,
    });
  });

  it("carries the marker comment, and only marked plists count as ours", () => {
    const xml = renderLaunchAgent(spec);
    expect(hasLaunchAgentMarker(xml)).toBe(true);
    expect(xml).toContain(`<!-- ${LAUNCH_AGENT_MARKER}`);
    expect(hasLaunchAgentMarker(xml.replace(/<!--.*-->\n/, ""))).toBe(false);
  });

  it("sends stderr to the stdout file when only stdoutPath is given", () => {
    const dict = launchAgentDict({ ...spec, stderrPath: undefined });
    expect(dict.StandardErrorPath).toBe(spec.stdoutPath);
  });

  it("omits Comment, WorkingDirectory and EnvironmentVariables when empty", () => {
    const dict = launchAgentDict({ name: "x", description: " ", programArguments: ["/bin/true"], environment: { A: "" } });
    expect(Object.keys(dict)).toEqual(["Label", "ProgramArguments", "RunAtLoad", "KeepAlive", "ThrottleInterval"]);
  });

  it("takes the throttle interval as an option", () => {
    expect(launchAgentDict(spec, { throttleIntervalS: 30 }).ThrottleInterval).toBe(30);
  });

  it("refuses characters XML cannot hold instead of writing a broken plist", () => {
    expect(() => renderLaunchAgent({ ...spec, programArguments: ["/bin/node", "a\u0001b"] })).toThrow("U+0001");
  });

  it.skipIf(!canValidatePlist)(
    `is valid against the plist DTD${canValidatePlist ? "" : " (skipped: xmllint or the gnustep plist DTD is not installed)"}`,
    () => {
      const tricky = { ...spec, programArguments: [...spec.programArguments, `--x=a&b<c>"d'e%f$g\\`], description: "A & B" };
      expect(validatePlist(renderLaunchAgent(tricky))).toEqual({ code: 0, stderr: "" });
    },
  );
});

describe("parseLaunchAgent", () => {
  const xmlSafe = trickyString.filter((s) => findXmlForbiddenChar(s) === undefined);
  const nonEmpty = xmlSafe.filter((s) => s.trim() !== "");

  it("round-trips generated arguments, environment and paths (property)", () => {
    fc.assert(
      fc.property(
        fc.array(xmlSafe, { maxLength: 6 }),
        fc.dictionary(
          nonEmpty.filter((k) => k !== "__proto__"),
          nonEmpty,
          { maxKeys: 4 },
        ),
        nonEmpty,
        nonEmpty,
        (args, environment, description, dir) => {
          const input: ServiceSpec = {
            name: "ai.clawd.gateway",
            description,
            programArguments: ["/usr/local/bin/node", ...args],
            workingDirectory: `/Users/${dir}`,
            environment,
            stdoutPath: `/logs/${dir}.log`,
            stderrPath: `/logs/${dir}.err.log`,
          };
          const xml = renderLaunchAgent(input);
          // An empty environment is not written at all, so it reads back as absent.
          const expected = Object.keys(environment).length > 0 ? input : { ...input, environment: undefined };
          expect(parseLaunchAgent(xml)).toEqual(expected);
          expect(independentParse(xml)).toMatchObject({ ProgramArguments: input.programArguments });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reads a hand-written plist with Program instead of ProgramArguments", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
\t<key>Label</key><string>com.example.x</string>
\t<key>Program</key><string>/usr/bin/true</string>
</dict></plist>`;
    expect(parseLaunchAgent(xml)).toEqual({ name: "com.example.x", description: "", programArguments: ["/usr/bin/true"] });
  });

  it("rejects a plist whose root is not a dict", () => {
    expect(() => parseLaunchAgent('<plist version="1.0"><array/></plist>')).toThrow("not a <dict>");
  });
});
