import { describe, expect, it } from "vitest";
import { createSystemEventQueue } from "./system-events.js";

const clock = () => {
  let t = 1000;
  return () => ++t;
};

describe("system event queue", () => {
  it("keeps the newest lines per session up to the cap and skips a line equal to the session's previous one", () => {
    const q = createSystemEventQueue({ maxPerSession: 3, maxSessions: 10, now: clock() });
    for (const text of ["a", "a", "b", "a", "c", "d"]) q.enqueue(text, { sessionKey: "s1" });
    expect(q.peek("s1").map((e) => e.text)).toEqual(["a", "c", "d"]);
    // The same text is fine in another session; blank text and blank keys are not.
    expect(q.enqueue("d", { sessionKey: "s2" })).toBe(true);
    expect(q.enqueue("   ", { sessionKey: "s2" })).toBe(false);
    expect(() => q.enqueue("x", { sessionKey: " " })).toThrow("system events need a non-empty sessionKey");
    expect(q.sessions()).toEqual([
      {
        sessionKey: "s1",
        events: [
          { text: "a", ts: 1003 },
          { text: "c", ts: 1004 },
          { text: "d", ts: 1005 },
        ],
      },
      { sessionKey: "s2", events: [{ text: "d", ts: 1006 }] },
    ]);
  });

  it("drain empties the session (and forgets its previous line); peek does not", () => {
    const q = createSystemEventQueue({ maxPerSession: 5, maxSessions: 10 });
    q.enqueue("Exec finished", { sessionKey: "node", contextKey: "exec:R1" });
    expect(q.lastContextKey("node")).toBe("exec:r1");
    expect(q.peek("node")).toHaveLength(1);
    expect(q.drain("node").map((e) => e.text)).toEqual(["Exec finished"]);
    expect(q.peek("node")).toEqual([]);
    expect(q.drain("node")).toEqual([]);
    expect(q.enqueue("Exec finished", { sessionKey: "node" })).toBe(true);
  });

  it("keeps at most maxSessions sessions, dropping the one queued into least recently", () => {
    const q = createSystemEventQueue({ maxPerSession: 5, maxSessions: 2 });
    q.enqueue("1", { sessionKey: "a" });
    q.enqueue("2", { sessionKey: "b" });
    q.enqueue("3", { sessionKey: "a" });
    q.enqueue("4", { sessionKey: "c" });
    expect(q.sessions().map((s) => s.sessionKey)).toEqual(["a", "c"]);
  });

  it("hands out copies: changing what peek returned does not change the queue", () => {
    const q = createSystemEventQueue({ maxPerSession: 5, maxSessions: 2 });
    q.enqueue("x", { sessionKey: "a" });
    q.peek("a")[0]!.text = "changed";
    expect(q.peek("a")[0]!.text).toBe("x");
  });
});
