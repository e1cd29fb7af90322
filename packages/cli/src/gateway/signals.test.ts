import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { EXIT_INTERRUPTED, installSignalHandlers } from "./signals.js";

function harness(stop: () => Promise<void>) {
  const source = new EventEmitter();
  const exits: number[] = [];
  const logs: string[] = [];
  const restarts: string[] = [];
  const uninstall = installSignalHandlers(
    { stop, restart: async (s) => void restarts.push(s), log: (m) => void logs.push(m), exit: (c) => void exits.push(c), shutdownTimeoutMs: 50 },
    source as unknown as NodeJS.Process,
  );
  return { source, exits, logs, restarts, uninstall };
}

describe("installSignalHandlers", () => {
  it("SIGTERM stops gracefully and exits 0", async () => {
    const h = harness(async () => undefined);
    h.source.emit("SIGTERM", "SIGTERM");
    await new Promise((r) => setImmediate(r));
    expect(h.exits).toEqual([0]);
  });
  it("a second SIGINT while stopping exits 130 at once", () => {
    const h = harness(() => new Promise(() => undefined));
    h.source.emit("SIGINT", "SIGINT");
    h.source.emit("SIGINT", "SIGINT");
    expect(h.exits).toEqual([EXIT_INTERRUPTED]);
    h.uninstall();
  });
  it("a stop that hangs past the timeout exits 1", async () => {
    const h = harness(() => new Promise(() => undefined));
    h.source.emit("SIGTERM", "SIGTERM");
    await new Promise((r) => setTimeout(r, 120));
    expect(h.exits).toEqual([1]);
    expect(h.logs.join("\n")).toContain("shutdown did not finish within 50ms");
  });
  it("SIGHUP and SIGUSR1 restart; restarts are ignored while stopping", async () => {
    const h = harness(() => new Promise(() => undefined));
    h.source.emit("SIGHUP", "SIGHUP");
    await new Promise((r) => setImmediate(r));
    h.source.emit("SIGUSR1", "SIGUSR1");
    await new Promise((r) => setImmediate(r));
    expect(h.restarts).toEqual(["SIGHUP", "SIGUSR1"]);
    h.source.emit("SIGTERM", "SIGTERM");
    h.source.emit("SIGHUP", "SIGHUP");
    expect(h.restarts).toHaveLength(2);
    h.uninstall();
    expect(h.source.listenerCount("SIGTERM")).toBe(0);
  });
});
