import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { classifyUwsLoadError, describeAbi, type UwsHostFacts } from "./uws-load-error.js";
import { loadUws } from "./uws-loader.js";

type Fixture = { host: { abi: string; glibc: string }; error: { code?: string; message: string } };
const fixtures = JSON.parse(readFileSync(new URL("../test/fixtures/uws-load-errors.json", import.meta.url), "utf8")) as Record<string, Fixture>;

function host(name: string, extra: Partial<UwsHostFacts> = {}): UwsHostFacts {
  const f = fixtures[name];
  if (!f) throw new Error(`no fixture ${name}`);
  return { platform: "linux", arch: "x64", abi: f.host.abi, nodeMajor: 0, glibc: f.host.glibc, ...extra };
}
const classify = (candidate: string, name: string, extra: Partial<UwsHostFacts> = {}) =>
  classifyUwsLoadError(candidate, (fixtures[name] as Fixture).error, host(name, extra));

describe("classifyUwsLoadError on real error texts", () => {
  it("names the missing glibc symbol version and the system's glibc, not btc-vision's 'supports only Node.js…' line", () => {
    const f = classify("@btc-vision/uwebsockets.js", "btcVisionGlibcNode20");
    expect(f).toEqual({
      candidate: "@btc-vision/uwebsockets.js",
      code: "glibc-too-old",
      reason: "uws_linux_x64_115.node needs glibc 2.38; this system has glibc 2.36",
      glibcNeeded: "2.38",
      glibcHave: "2.36",
    });
    expect(f.reason).not.toContain("supports only");
  });

  it("says which Node ABI has no binary and which ABIs the package ships (btc-vision on Node 18)", () => {
    const f = classify("@btc-vision/uwebsockets.js", "btcVisionNode18", { shippedAbis: ["115", "127", "137", "141"] });
    expect(f.code).toBe("abi-not-shipped");
    expect(f.reason).toBe("no linux-x64 binary for Node 18 (ABI 108); it ships Node 20 (ABI 115), Node 22 (ABI 127), Node 24 (ABI 137), Node 25 (ABI 141)");
  });

  it("treats trufflesuite's missing binary on Node 22 as an ABI it does not ship, not as 'not installed'", () => {
    const f = classify("@trufflesuite/uws-js-unofficial", "trufflesuiteNode22", { shippedAbis: ["93", "108", "115"] });
    expect(f.code).toBe("abi-not-shipped");
    expect(f.reason).toBe("no linux-x64 binary for Node 22 (ABI 127); it ships Node 16 (ABI 93), Node 18 (ABI 108), Node 20 (ABI 115)");
  });

  it("reports a package that is not in node_modules as not installed", () => {
    expect(classify("uWebSockets.js", "upstreamNotInstalled")).toEqual({ candidate: "uWebSockets.js", code: "not-installed", reason: "not installed" });
  });

  it("keeps an unrecognised error's first line, clipped", () => {
    const f = classify("@btc-vision/uwebsockets.js", "btcVisionPackageJsonNotExported");
    expect(f.code).toBe("load-error");
    expect(f.reason).toMatch(/^Package subpath '\.\/package\.json' is not defined by "exports"/);
    const long = classifyUwsLoadError("x", { message: "y".repeat(500) }, host("upstreamNotInstalled"));
    expect(long.reason).toHaveLength(200);
    expect(long.reason.endsWith("...")).toBe(true);
  });

  it("recognises a glibc binary on musl (Alpine's loader message)", () => {
    const f = classifyUwsLoadError(
      "@btc-vision/uwebsockets.js",
      { message: "Error loading shared library ld-linux-x86-64.so.2: No such file or directory (needed by /app/uws_linux_x64_127.node)" },
      { platform: "linux", arch: "x64", abi: "127", nodeMajor: 22, glibc: undefined },
    );
    expect(f.code).toBe("libc-mismatch");
  });

  it("names unknown ABIs by number", () => {
    expect(describeAbi("999")).toBe("ABI 999");
    expect(describeAbi("137")).toBe("Node 24 (ABI 137)");
  });
});

describe("loadUws on this machine", () => {
  const glibc = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime;
  const major = Number(process.versions.node.split(".")[0]);
  const btcShips = [20, 22, 24, 25].includes(major);
  const glibcNew = glibc !== undefined && Number(glibc.split(".")[0]) * 1000 + Number(glibc.split(".")[1]) >= 2038;
  it(`loads btc-vision through its package entry exactly when Node ${major} and glibc ${glibc} allow it, else records the real cause`, () => {
    const result = loadUws();
    const btc = result.reasons.find((r) => r.candidate === "@btc-vision/uwebsockets.js");
    if (process.platform !== "linux" || glibc === undefined) return;
    if (btcShips && glibcNew) {
      expect(result.ok && result.candidate).toBe("@btc-vision/uwebsockets.js");
      expect(btc).toBeUndefined();
    } else if (btcShips) {
      expect(btc).toMatchObject({ code: "glibc-too-old", glibcNeeded: "2.38", glibcHave: glibc });
    } else {
      expect(btc?.code).toBe("abi-not-shipped");
    }
    expect(result.reasons.find((r) => r.candidate === "uWebSockets.js")?.code).toBe("not-installed");
  });
});
