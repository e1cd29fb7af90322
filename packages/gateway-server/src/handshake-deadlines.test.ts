import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createHandshakeDeadlines } from "./handshake-deadlines.js";

describe("handshake deadlines (one timer for every pending handshake)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("expires each item once, in arming order, when its own timeout has passed", () => {
    const expired: string[] = [];
    const deadlines = createHandshakeDeadlines<string>(
      1_000,
      (item) => expired.push(item),
      () => Date.now(),
    );
    deadlines.arm("a");
    vi.advanceTimersByTime(400);
    deadlines.arm("b");
    vi.advanceTimersByTime(599);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(["a"]);
    vi.advanceTimersByTime(399);
    expect(expired).toEqual(["a"]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(["a", "b"]);
    expect(deadlines.size).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(expired).toEqual(["a", "b"]);
  });

  it("keeps one timer however many handshakes wait", () => {
    const deadlines = createHandshakeDeadlines<number>(
      5_000,
      () => {},
      () => Date.now(),
    );
    for (let i = 0; i < 10_000; i++) deadlines.arm(i);
    expect(vi.getTimerCount()).toBe(1);
    expect(deadlines.size).toBe(10_000);
  });

  it("expires everything armed in one burst together, and re-arms for later items", () => {
    const expired: number[] = [];
    const deadlines = createHandshakeDeadlines<number>(
      100,
      (item) => expired.push(item),
      () => Date.now(),
    );
    for (let i = 0; i < 3_000; i++) deadlines.arm(i);
    vi.advanceTimersByTime(50);
    deadlines.arm(3_000);
    vi.advanceTimersByTime(50);
    expect(expired).toHaveLength(3_000);
    expect(expired.slice(0, 3)).toEqual([0, 1, 2]);
    expect(deadlines.size).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(50);
    expect(expired.at(-1)).toBe(3_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("clear() drops every deadline and the timer (server close)", () => {
    const onExpire = vi.fn();
    const deadlines = createHandshakeDeadlines<string>(1_000, onExpire, () => Date.now());
    deadlines.arm("a");
    deadlines.arm("b");
    deadlines.clear();
    expect(deadlines.size).toBe(0);
    vi.advanceTimersByTime(5_000);
    expect(onExpire).not.toHaveBeenCalled();
    deadlines.arm("c");
    vi.advanceTimersByTime(1_000);
    expect(onExpire).toHaveBeenCalledWith("c");
  });

  it("does not hold the process open (the timer is unref'd)", () => {
    vi.useRealTimers();
    const deadlines = createHandshakeDeadlines<string>(60_000, () => {});
    const before = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    deadlines.arm("a");
    const refed = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    deadlines.clear();
    expect(refed).toBe(before);
  });
});
