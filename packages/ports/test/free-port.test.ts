// freePort against real processes: who gets which signal, what survives, when it escalates.
import { afterEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:net";
import { getFreePort, pickFreePorts, spawnPortHolder, stopAllPortHolders } from "@clawd/test-kit/ports";
import { findListeners, freePort, isPortFree, PortError } from "../src/index.js";
import { posixSignaller } from "../src/process-signal.js";

const posix = process.platform !== "win32";
const isRoot = process.getuid?.() === 0;
afterEach(stopAllPortHolders);

function listen(port: number, host = "127.0.0.1"): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ port, host }, () => resolve(server));
  });
}

describe.runIf(posix)("freePort with real holders", () => {
  it("stops a cooperative holder with SIGTERM alone", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative", cleanupMs: 50 });
    const result = await freePort(holder.port);
    expect(result.escalated).toBe(false);
    expect(result.killed.map((l) => l.pid)).toEqual([holder.pid]);
    expect(await holder.exited).toEqual({ code: 0, signal: null }); // it ran its own SIGTERM handler
    expect(await isPortFree(holder.port)).toBe(true);
  });

  it("escalates to SIGKILL for a holder that ignores SIGTERM", async () => {
    const holder = await spawnPortHolder({ kind: "ignore-sigterm" });
    const result = await freePort(holder.port, { graceMs: 150 });
    expect(result.escalated).toBe(true);
    expect(result.killed.map((l) => l.pid)).toEqual([holder.pid]);
    expect(await holder.exited).toEqual({ code: null, signal: "SIGKILL" });
    expect(await isPortFree(holder.port)).toBe(true);
  });

  it("does not escalate when the holder exits by itself during the grace period", async () => {
    const holder = await spawnPortHolder({ kind: "exit-after", exitAfterMs: 300 });
    const result = await freePort(holder.port, { graceMs: 10_000, timeoutMs: 20_000 });
    expect(result.escalated).toBe(false);
    expect(await holder.exited).toEqual({ code: 0, signal: null });
  });

  it("stops IPv6-only and dual-stack holders, and both processes of two families on one port", async () => {
    for (const kind of ["ipv6-only", "dual-stack"] as const) {
      const holder = await spawnPortHolder({ kind });
      expect((await freePort(holder.port)).killed.map((l) => l.pid)).toEqual([holder.pid]);
      expect(await holder.exited).toEqual({ code: 0, signal: null });
    }
    const v4 = await spawnPortHolder({ kind: "cooperative", host: "127.0.0.1" });
    const v6 = await spawnPortHolder({ kind: "ignore-sigterm", host: "::1", port: v4.port });
    const result = await freePort(v4.port, { graceMs: 100 });
    expect(result.killed.map((l) => l.pid).sort()).toEqual([v4.pid, v6.pid].sort());
    expect(result.escalated).toBe(true);
    expect((await v4.exited).code).toBe(0);
    expect((await v6.exited).signal).toBe("SIGKILL");
  });

  it("stops every pid holding an inherited socket", async () => {
    const holder = await spawnPortHolder({ kind: "forked" });
    const result = await freePort(holder.port);
    expect(result.killed.map((l) => l.pid).sort()).toEqual([...holder.pids].sort());
    expect(await isPortFree(holder.port)).toBe(true);
  });

  it("leaves neighbours on ports that share digits alive", async () => {
    const [port, longer, prefixed] = await pickFreePorts(() => {
      const p = 1024 + Math.floor(Math.random() * (6553 - 1024));
      return [p, p * 10 + 1, Number(`1${p}`)];
    });
    const near1 = await spawnPortHolder({ kind: "cooperative", port: longer });
    const near2 = await spawnPortHolder({ kind: "cooperative", port: prefixed });
    expect(await freePort(port!)).toEqual({ killed: [], escalated: false, waitedMs: 0 });
    const holder = await spawnPortHolder({ kind: "cooperative", port });
    expect((await freePort(port!)).killed.map((l) => l.pid)).toEqual([holder.pid]);
    await holder.exited;
    expect(near1.alive() && near2.alive()).toBe(true);
    expect((await findListeners(longer!)).map((l) => l.pid)).toEqual([near1.pid]);
    expect((await findListeners(prefixed!)).map((l) => l.pid)).toEqual([near2.pid]);
  });

  it("signals nothing in dry-run mode", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative" });
    const result = await freePort(holder.port, { dryRun: true });
    expect(result.killed.map((l) => l.pid)).toEqual([holder.pid]);
    expect(result.waitedMs).toBe(0);
    expect(holder.alive()).toBe(true);
    expect(await isPortFree(holder.port)).toBe(false);
  });

  it("refuses to signal its own process and leaves the port held", async () => {
    const server = await listen(await getFreePort());
    const port = (server.address() as { port: number }).port;
    try {
      const err = await freePort(port).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PortError);
      expect(err).toMatchObject({ code: "REFUSED", pids: [process.pid], message: expect.stringContaining("this very process") });
      expect(server.listening).toBe(true);
    } finally {
      server.close();
    }
  });

  it("checks every holder before signalling any: a refused one protects the others too", async () => {
    const server = await listen(await getFreePort(), "127.0.0.1");
    const port = (server.address() as { port: number }).port;
    const other = await spawnPortHolder({ kind: "cooperative", host: "::1", port });
    try {
      await expect(freePort(port)).rejects.toMatchObject({ code: "REFUSED" });
      expect(other.alive()).toBe(true);
    } finally {
      server.close();
    }
  });

  it("stops when aborted and says so", async () => {
    const holder = await spawnPortHolder({ kind: "ignore-sigterm" });
    const controller = new AbortController();
    const pending = freePort(holder.port, { graceMs: 10_000, timeoutMs: 20_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ code: "ABORTED", message: expect.stringContaining("after SIGTERM") });
    expect(holder.alive()).toBe(true); // never escalated
  });

  it("treats a pid that is already gone (ESRCH) as stopped", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative" });
    process.kill(holder.pid, "SIGKILL");
    await holder.exited;
    expect(await posixSignaller(holder.pid, "SIGTERM")).toEqual({ kind: "gone" });
    expect(await freePort(holder.port)).toEqual({ killed: [], escalated: false, waitedMs: 0 });
  });

  it("rejects invalid ports and limits with actionable errors", async () => {
    await expect(freePort(0)).rejects.toMatchObject({ code: "INVALID_PORT" });
    await expect(freePort(70_000)).rejects.toMatchObject({ code: "INVALID_PORT" });
    await expect(freePort(await getFreePort(), { graceMs: -1 })).rejects.toMatchObject({ code: "INVALID_OPTION", message: expect.stringContaining("graceMs") });
  });

  it.runIf(isRoot)("as root, stops another user's holder", async () => {
    const holder = await spawnPortHolder({ kind: "ignore-sigterm", uid: 65534 });
    const result = await freePort(holder.port, { graceMs: 100 });
    expect(result).toMatchObject({ escalated: true, killed: [expect.objectContaining({ pid: holder.pid, user: "nobody" })] });
  });
});
