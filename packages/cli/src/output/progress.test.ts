import { describe, expect, it } from "vitest";
import { withProgress } from "./progress.js";

const sink = (isTTY: boolean) => {
  const writes: string[] = [];
  return { stream: { isTTY, write: (t: string) => writes.push(t) }, writes };
};
const slow = <T>(value: T, ms: number) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe("withProgress", () => {
  it("without a TTY prints one plain line, no control characters", async () => {
    const { stream, writes } = sink(false);
    expect(await withProgress("waiting for the gateway", () => slow(42, 100), { stream, delayMs: 0, frameMs: 10 })).toBe(42);
    expect(writes).toEqual(["waiting for the gateway…\n"]);
  });
  it("on a TTY draws a spinner and clears its line at the end, even when the task fails", async () => {
    const { stream, writes } = sink(true);
    await expect(
      withProgress("stopping", () => slow(0, 100).then(() => Promise.reject(new Error("boom"))), { stream, delayMs: 0, frameMs: 10 }),
    ).rejects.toThrow("boom");
    expect(writes[0]).toMatch(/^\r\S stopping…$/);
    expect(writes.at(-1)).toBe("\r\u001b[2K");
  });
  it("shows nothing for a wait that ends before the delay, or when quiet", async () => {
    const a = sink(true);
    await withProgress("quick", async () => 1, { stream: a.stream, delayMs: 10_000 });
    expect(a.writes).toEqual([]);
    const b = sink(false);
    await withProgress("json", () => slow(1, 50), { stream: b.stream, delayMs: 0, quiet: true });
    expect(b.writes).toEqual([]);
  });
});
