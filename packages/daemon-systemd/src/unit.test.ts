import type { ServiceSpec } from "@clawd/daemon";
import { ServiceError } from "@clawd/daemon";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { awkwardArg } from "../test/awkward.js";
import { isOurUnit, parseUnit, parseUnitEntries, renderUnit, UNIT_MARKER } from "./unit.js";

const base: ServiceSpec = {
  name: "clawd-gateway",
  description: "Clawd Gateway (v1.2.3)",
  programArguments: ["/usr/bin/node", "/opt/clawd/dist/cli.js", "gateway", "--port", "18789"],
  workingDirectory: "/home/u",
  environment: { HOME: "/home/u", PATH: "/usr/local/bin:/usr/bin:/bin", CLAWD_STATE_DIR: "/home/u/.clawd" },
  environmentFile: "/home/u/.clawd/gateway.env",
  stdoutPath: "/home/u/.clawd/logs/gateway.log",
};

describe("renderUnit", () => {
  it("writes the documented unit", () => {
    expect(renderUnit(base)).toBe(
      [
        UNIT_MARKER,
        "[Unit]",
        "Description=Clawd Gateway (v1.2.3)",
        "After=network-online.target",
        "Wants=network-online.target",
        "",
        "[Service]",
        "Type=exec",
        'ExecStart="/usr/bin/node" "/opt/clawd/dist/cli.js" "gateway" "--port" "18789"',
        "WorkingDirectory=/home/u",
        'Environment="HOME=/home/u"',
        'Environment="PATH=/usr/local/bin:/usr/bin:/bin"',
        'Environment="CLAWD_STATE_DIR=/home/u/.clawd"',
        "EnvironmentFile=-/home/u/.clawd/gateway.env",
        "StandardOutput=append:/home/u/.clawd/logs/gateway.log",
        "Restart=always",
        "RestartSec=5",
        "KillMode=mixed",
        "TimeoutStopSec=15",
        "",
        "[Install]",
        "WantedBy=default.target",
        "",
      ].join("\n"),
    );
  });

  it("writes StandardError only when it differs from stdout, and drops empty env values", () => {
    const text = renderUnit({ ...base, stderrPath: "/l/err.log", environment: { EMPTY: "", A: "1" } });
    expect(text).toContain("StandardError=append:/l/err.log\n");
    expect(text).not.toContain("EMPTY");
    expect(renderUnit({ ...base, stderrPath: base.stdoutPath })).not.toContain("StandardError");
  });

  it("escapes % in every specifier-expanding setting", () => {
    const text = renderUnit({ ...base, description: "100% gateway", workingDirectory: "/srv/50%", stdoutPath: "/l/%h.log" });
    expect(text).toContain("Description=100%% gateway\n");
    expect(text).toContain("WorkingDirectory=/srv/50%%\n");
    expect(text).toContain("StandardOutput=append:/l/%%h.log\n");
  });

  it.each<[string, Partial<ServiceSpec>, RegExp]>([
    ["a relative program", { programArguments: ["node", "x"] }, /absolute program path/],
    ["no program", { programArguments: [] }, /absolute program path/],
    ["a $ in the program path", { programArguments: ["/opt/$x/node"] }, /contains "\$"/],
    ["a newline in the description", { description: "a\nb" }, /Description=/],
    ["a trailing backslash in a path", { workingDirectory: "/srv/x\\" }, /WorkingDirectory=/],
    ["a relative working directory", { workingDirectory: "srv" }, /absolute path/],
    ["a bad environment name", { environment: { "A-B": "1" } }, /Invalid environment variable name/],
  ])("refuses %s with a ServiceError", (_label, patch, message) => {
    expect(() => renderUnit({ ...base, ...patch })).toThrow(ServiceError);
    expect(() => renderUnit({ ...base, ...patch })).toThrow(message);
  });
});

const safeText = fc
  .string({ unit: fc.constantFrom("a", "Z", " ", "%", "$", '"', "'", "é", "✓", "\\", "=", "#", ";") })
  .map((s) => s.replace(/[\s\\]+$/, "").trim());
const safePath = safeText.map((s) => `/p/${s}`);
const programPath = safePath.map((p) => p.replaceAll("$", ""));

const specArb = fc.record({
  name: fc.constant("clawd-gateway"),
  description: safeText,
  programArguments: fc.tuple(programPath, fc.array(awkwardArg, { maxLength: 6 })).map(([p, rest]) => [p, ...rest]),
  workingDirectory: fc.option(safePath, { nil: undefined }),
  environment: fc.option(fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,6}$/), awkwardArg, { maxKeys: 4 }), {
    nil: undefined,
  }),
  environmentFile: fc.option(safePath, { nil: undefined }),
  stdoutPath: fc.option(safePath, { nil: undefined }),
  stderrPath: fc.option(safePath, { nil: undefined }),
});

/** What parseUnit can give back: empty env values and a stderr equal to stdout are not written. */
function normalize(spec: ServiceSpec): ServiceSpec {
  const out: ServiceSpec = { name: spec.name, description: spec.description, programArguments: spec.programArguments };
  if (spec.workingDirectory) out.workingDirectory = spec.workingDirectory;
  const env = Object.fromEntries(Object.entries(spec.environment ?? {}).filter(([, v]) => v !== ""));
  if (Object.keys(env).length > 0) out.environment = env;
  if (spec.environmentFile) out.environmentFile = spec.environmentFile;
  if (spec.stdoutPath) out.stdoutPath = spec.stdoutPath;
  if (spec.stderrPath && spec.stderrPath !== spec.stdoutPath) out.stderrPath = spec.stderrPath;
  return out;
}

describe("parseUnit", () => {
  it("round-trips render → parse for generated specs (property)", () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const text = renderUnit(spec);
        expect(parseUnit(text, spec.name)).toEqual(normalize(spec));
        expect(isOurUnit(text)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("reads a hand-written unit with comments, continuations and unquoted words", () => {
    const text = [
      "# my own unit",
      "[Unit]",
      "Description=Mine",
      "[Service]",
      "ExecStart=/usr/bin/node /opt/a.js \\",
      "  gateway --port 1",
      'Environment=A=1 "B=two words"',
      "Environment=C=3",
      "WorkingDirectory=-/srv",
      "StandardOutput=file:/l/out.log",
      "StandardError=journal",
    ].join("\n");
    expect(parseUnit(text, "mine")).toEqual({
      name: "mine",
      description: "Mine",
      programArguments: ["/usr/bin/node", "/opt/a.js", "gateway", "--port", "1"],
      workingDirectory: "/srv",
      environment: { A: "1", B: "two words", C: "3" },
      stdoutPath: "/l/out.log",
    });
    expect(isOurUnit(text)).toBe(false);
  });

  it("returns null without ExecStart", () => {
    expect(parseUnit("[Unit]\nDescription=x\n", "x")).toBeNull();
  });

  it("keeps sections apart", () => {
    expect(parseUnitEntries("[Unit]\nA=1\n[Service]\nA = 2 \n")).toEqual([
      { section: "Unit", key: "A", value: "1" },
      { section: "Service", key: "A", value: "2" },
    ]);
  });
});
