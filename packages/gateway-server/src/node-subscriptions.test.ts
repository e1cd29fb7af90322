import { describe, expect, it } from "vitest";
import { NodeSubscriptions } from "./node-subscriptions.js";

describe("node session subscriptions", () => {
  it("tracks both directions; unsubscribe and unsubscribeAll remove them", () => {
    const subs = new NodeSubscriptions();
    expect(subs.subscribe("n1", " s1 ")).toBe(true);
    subs.subscribe("n1", "s2");
    subs.subscribe("n2", "s1");
    expect(subs.subscribers("s1").sort()).toEqual(["n1", "n2"]);
    subs.unsubscribe("n2", "s1");
    expect(subs.subscribers("s1")).toEqual(["n1"]);
    subs.unsubscribeAll("n1");
    expect(subs.subscribers("s1")).toEqual([]);
    expect(subs.sessionsOf("n1")).toEqual([]);
    subs.unsubscribe("n1", "never");
  });

  it("refuses blank keys and more than maxPerNode sessions for one node", () => {
    const subs = new NodeSubscriptions(2);
    expect(subs.subscribe("n1", "  ")).toBe(false);
    expect(subs.subscribe("", "s")).toBe(false);
    expect(subs.subscribe("n1", "a")).toBe(true);
    expect(subs.subscribe("n1", "b")).toBe(true);
    expect(subs.subscribe("n1", "a")).toBe(true);
    expect(subs.subscribe("n1", "c")).toBe(false);
    expect(subs.sessionsOf("n1")).toEqual(["a", "b"]);
  });
});
