// Every rendered LaunchAgent loads in other plist readers: Python's plistlib (what many Mac
// tools use) and libplist's plistutil (XML → binary → XML, as `plutil -convert` would).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ServiceSpec } from "@clawd/daemon";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchAgentDict, renderLaunchAgent } from "../src/launch-agent.js";
import { trickyString } from "./arbitraries.js";

const SPECS = 40;
const hasPython = spawnSync("python3", ["-c", "import plistlib"]).status === 0;
const hasPlistutil = spawnSync("plistutil", ["-h"]).status === 0;

const specArb: fc.Arbitrary<ServiceSpec> = fc.record({
  name: fc.constant("ai.clawd.gateway"),
  description: trickyString,
  programArguments: fc.array(trickyString, { maxLength: 5 }).map((args) => ["/opt/homebrew/opt/node/bin/node", ...args]),
  workingDirectory: fc.constant("/Users/Jo Doe/é"),
  environment: fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/), trickyString, { maxKeys: 4 }),
  stdoutPath: fc.constant("/Users/Jo Doe/.clawd/logs/gateway.log"),
});

let dir: string;
let specs: ServiceSpec[];
let files: string[];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "clawd-plist-tools-"));
  specs = fc.sample(specArb, { numRuns: SPECS, seed: 17 });
  files = specs.map((spec, i) => {
    const file = path.join(dir, `agent-${i}.plist`);
    writeFileSync(file, renderLaunchAgent(spec));
    return file;
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loads every file with plistlib in one python run; JSON per file, in order. */
function loadWithPlistlib(paths: string[]): unknown[] {
  const script = "import json, plistlib, sys\nprint(json.dumps([plistlib.load(open(p, 'rb')) for p in sys.argv[1:]]))";
  const result = spawnSync("python3", ["-c", script, ...paths], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`plistlib failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as unknown[];
}

describe("rendered plists in other readers", () => {
  it.skipIf(!hasPython)(
    `Python's plistlib reads back exactly the dictionary we wrote (${SPECS} tricky specs)${hasPython ? "" : " (skipped: python3 is not installed)"}`,
    () => {
      const loaded = loadWithPlistlib(files);
      for (const [i, spec] of specs.entries()) expect(loaded[i], `agent-${i}.plist`).toEqual(launchAgentDict(spec));
    },
  );

  it.skipIf(!hasPlistutil || !hasPython)(
    `round-trips through plistutil: XML → binary (read by plistlib) → XML${hasPlistutil ? "" : " (skipped: plistutil (libplist-utils) is not installed)"}`,
    () => {
      const bins: string[] = [];
      const back = files.map((file, i) => {
        const bin = path.join(dir, `agent-${i}.bin`);
        const xml = path.join(dir, `agent-${i}.back.plist`);
        for (const args of [
          ["-i", file, "-o", bin, "-f", "bin"],
          ["-i", bin, "-o", xml, "-f", "xml"],
        ]) {
          const result = spawnSync("plistutil", args, { encoding: "utf8" });
          expect(result.status, `plistutil ${args.join(" ")}: ${result.stderr}`).toBe(0);
        }
        expect(readFileSync(bin).subarray(0, 8).toString("latin1")).toBe("bplist00");
        bins.push(bin);
        return xml;
      });
      const fromBinary = loadWithPlistlib(bins);
      for (const [i, spec] of specs.entries()) expect(fromBinary[i], `agent-${i}.bin`).toEqual(launchAgentDict(spec));
      // libplist's XML writer puts a carriage return into the text unescaped, and every XML
      // reader turns a raw CR into LF; apart from that the XML written back is the same.
      const crToLf = (value: unknown): unknown => JSON.parse(JSON.stringify(value).replaceAll("\\r\\n", "\\n").replaceAll("\\r", "\\n"));
      const fromXml = loadWithPlistlib(back);
      for (const [i, spec] of specs.entries()) expect(fromXml[i], `agent-${i}.back.plist`).toEqual(crToLf(launchAgentDict(spec)));
    },
  );
});
