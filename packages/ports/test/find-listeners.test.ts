// findListeners against real processes holding real ports, cross-checked with lsof and ss.
import { afterEach, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { getFreePort, pickFreePorts, spawnPortHolder, stopAllPortHolders } from "@clawd/test-kit/ports";
import { findListeners, isPortFree, scanPort } from "../src/index.js";
import { scanLsof } from "../src/lsof.js";
import { runCommand } from "../src/command-runner.js";

const linux = process.platform === "linux";
const haveLsof = (() => {
  try {
    execFileSync("lsof", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const isRoot = process.getuid?.() === 0;

afterEach(stopAllPortHolders);

describe.runIf(linux)("findListeners on Linux (procfs, no binary)", () => {
  it("finds a cooperative IPv4 listener with its command line, user and uid", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative" });
    const listeners = await findListeners(holder.port);
    expect(listeners).toEqual([
      expect.objectContaining({ pid: holder.pid, command: "node", address: "127.0.0.1", port: holder.port, family: "IPv4", uid: process.getuid!() }),
    ]);
    expect(listeners[0]!.commandLine).toContain("port-holder.mjs cooperative");
    expect(listeners[0]!.user).toBeTruthy();
  });

  it("finds an IPv6-only listener on ::", async () => {
    const holder = await spawnPortHolder({ kind: "ipv6-only" });
    expect(await findListeners(holder.port)).toEqual([expect.objectContaining({ pid: holder.pid, address: "::", family: "IPv6" })]);
    expect(await isPortFree(holder.port, "127.0.0.1")).toBe(true); // v6-only leaves IPv4 free
    expect(await isPortFree(holder.port)).toBe(false);
  });

  it("finds a dual-stack listener that also blocks IPv4", async () => {
    const holder = await spawnPortHolder({ kind: "dual-stack" });
    expect(await findListeners(holder.port)).toEqual([expect.objectContaining({ pid: holder.pid, address: "::", family: "IPv6" })]);
    expect(await isPortFree(holder.port, "127.0.0.1")).toBe(false);
  });

  it("finds two processes on one port through two families", async () => {
    const v4 = await spawnPortHolder({ kind: "cooperative", host: "127.0.0.1" });
    const v6 = await spawnPortHolder({ kind: "cooperative", host: "::1", port: v4.port });
    const found = await findListeners(v4.port);
    expect(found.map((l) => [l.pid, l.address, l.family]).sort()).toEqual(
      [
        [v4.pid, "127.0.0.1", "IPv4"],
        [v6.pid, "::1", "IPv6"],
      ].sort(),
    );
  });

  it("lists every pid sharing one inherited socket", async () => {
    const holder = await spawnPortHolder({ kind: "forked" });
    expect(holder.pids).toHaveLength(2);
    const found = await findListeners(holder.port);
    expect(found.map((l) => l.pid).sort()).toEqual([...holder.pids].sort());
  });

  it("never matches neighbours whose port shares digits (3000 vs 30001 and 13000)", async () => {
    const [port, longer, prefixed] = await pickFreePorts(() => {
      const p = 1024 + Math.floor(Math.random() * (6553 - 1024));
      return [p, p * 10 + 1, Number(`1${p}`)];
    });
    const near1 = await spawnPortHolder({ kind: "cooperative", port: longer });
    const near2 = await spawnPortHolder({ kind: "dual-stack", port: prefixed });
    expect(await findListeners(port!)).toEqual([]);
    const holder = await spawnPortHolder({ kind: "cooperative", port });
    expect((await findListeners(port!)).map((l) => l.pid)).toEqual([holder.pid]);
    expect((await findListeners(longer!)).map((l) => l.pid)).toEqual([near1.pid]);
    expect((await findListeners(prefixed!)).map((l) => l.pid)).toEqual([near2.pid]);
  });

  it("returns nothing for a free port", async () => {
    const port = await getFreePort();
    expect(await scanPort(port)).toEqual({ listeners: [], hidden: [] });
  });

  it.runIf(isRoot)("names another user's process as root", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative", uid: 65534 });
    expect(await findListeners(holder.port)).toEqual([expect.objectContaining({ pid: holder.pid, uid: 65534, user: "nobody" })]);
  });

  it.runIf(haveLsof)("agrees with lsof and ss on the same listeners", async () => {
    const v4 = await spawnPortHolder({ kind: "cooperative", host: "127.0.0.1" });
    await spawnPortHolder({ kind: "ipv6-only", port: v4.port });
    const ours = (await findListeners(v4.port)).map((l) => `${l.pid} ${l.family} ${l.address}`).sort();
    const viaLsof = (await scanLsof(v4.port, runCommand)).listeners.map((l) => `${l.pid} ${l.family} ${l.address === "*" ? "::" : l.address}`).sort();
    expect(ours).toEqual(viaLsof);
    const ss = execFileSync("ss", ["-ltnpH", `sport = :${v4.port}`], { encoding: "utf8" });
    const ssPids = [...ss.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])).sort();
    expect(ours.map((s) => Number(s.split(" ")[0])).sort()).toEqual(ssPids);
  });
});

describe("findListeners on other platforms through a real lsof", () => {
  it.runIf(haveLsof)("the lsof path (macOS's method) finds a real dual-stack listener here too", async () => {
    const holder = await spawnPortHolder({ kind: "dual-stack" });
    const found = await findListeners(holder.port, { platform: "freebsd" });
    expect(found).toEqual([expect.objectContaining({ pid: holder.pid, command: "node", address: "*", family: "IPv6" })]);
  });
});
