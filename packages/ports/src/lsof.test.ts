import { describe, expect, it } from "vitest";
import { recorded } from "../test/recorded.js";
import { lsofArgs, parseLsof, scanLsof } from "./lsof.js";
import type { RejectingCommandRunner } from "./command-runner.js";

describe("parseLsof", () => {
  it("parses the Linux recording for one port: IPv4 and IPv6 listeners, users, families", () => {
    expect(parseLsof(recorded("lsof-linux-3000.txt"), 3000)).toEqual([
      { pid: 10232, command: "node", user: "root", address: "127.0.0.1", port: 3000, family: "IPv4" },
      { pid: 10233, command: "node", user: "root", address: "::1", port: 3000, family: "IPv6" },
    ]);
  });

  it("matches the port exactly in a wide listing: 3000 ≠ 30001, 13000, 300", () => {
    const all = recorded("lsof-linux-all-listeners.txt");
    expect(parseLsof(all, 3000).map((l) => l.pid)).toEqual([10232, 10233]);
    expect(parseLsof(all, 300).map((l) => l.pid)).toEqual([10236]);
    expect(parseLsof(all, 30001)).toEqual([{ pid: 10234, command: "node", user: "root", address: "*", port: 30001, family: "IPv4" }]);
    expect(parseLsof(all, 30)).toEqual([]);
  });

  it("keeps every address of a pid (macOS shape with f/g/R/u fields) and drops connected sockets", () => {
    expect(parseLsof(recorded("lsof-macos-18789.txt"), 18789)).toEqual([
      { pid: 4242, command: "node", user: "alice", address: "*", port: 18789, family: "IPv6" },
      { pid: 4242, command: "node", user: "alice", address: "127.0.0.1", port: 18789, family: "IPv4" },
      { pid: 777, command: "ssh", user: "alice", address: "::1", port: 18789, family: "IPv6" },
      { pid: 777, command: "ssh", user: "alice", address: "127.0.0.1", port: 18789, family: "IPv4" },
    ]);
  });

  it("never lets 1878 match 18789 or 187890 (upstream's substring bug)", () => {
    expect(parseLsof(recorded("lsof-macos-18789.txt"), 1878).map((l) => l.pid)).toEqual([901]);
  });

  it("drops records without a valid pid", () => {
    expect(parseLsof(recorded("lsof-no-pid.txt"), 18789)).toEqual([]);
  });

  it("guesses the family from the address when no t field is present", () => {
    expect(parseLsof("p1\ncx\nn[fe80::1%en0]:80\nn10.0.0.1:80\n", 80).map((l) => [l.address, l.family])).toEqual([
      ["fe80::1%en0", "IPv6"],
      ["10.0.0.1", "IPv4"],
    ]);
  });

  it("skips service names that -P would have avoided", () => {
    expect(parseLsof("p1\ncx\nn*:http\n", 80)).toEqual([]);
  });
});

describe("scanLsof", () => {
  const runner =
    (result: { code: number; stdout: string; stderr?: string } | Error): RejectingCommandRunner =>
    async () => {
      if (result instanceof Error) throw result;
      return { stderr: "", ...result };
    };

  it("asks lsof for listeners on exactly one port, in field mode", () => {
    expect(lsofArgs(3000)).toEqual(["-nP", "-iTCP:3000", "-sTCP:LISTEN", "-F", "pcLtn"]);
  });

  it("treats exit 1 with no output as no listeners", async () => {
    expect(await scanLsof(3000, runner({ code: 1, stdout: "" }))).toEqual({ listeners: [], hidden: [] });
  });

  it("explains a missing lsof", async () => {
    const err = Object.assign(new Error("spawn lsof ENOENT"), { code: "ENOENT" });
    await expect(scanLsof(3000, runner(err))).rejects.toMatchObject({ code: "LOOKUP_FAILED", message: expect.stringMatching(/lsof is not installed/) });
  });

  it("reports other failures with lsof's stderr", async () => {
    await expect(scanLsof(3000, runner({ code: 2, stdout: "", stderr: "lsof: bad option" }))).rejects.toMatchObject({
      code: "LOOKUP_FAILED",
      message: expect.stringContaining("lsof: bad option"),
    });
  });
});
