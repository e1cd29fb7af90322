import { describe, expect, it } from "vitest";
import { chatSubscription, execEventSystemEvent, queueExecEvent } from "./node-events.js";
import { createSystemEventQueue } from "./system-events.js";

const line = (event: string, payload: unknown) => execEventSystemEvent("N1", event, payload === undefined ? null : JSON.stringify(payload));

describe("exec node events as system events", () => {
  it("words each exec event as the original", () => {
    expect(line("exec.started", { sessionKey: "s", runId: "r", command: " ls -la " })).toEqual({
      sessionKey: "s",
      text: "Exec started (node=N1 id=r): ls -la",
      contextKey: "exec:r",
    });
    expect(line("exec.finished", { sessionKey: "s", runId: "r", exitCode: 3, output: " out \n" })?.text).toBe("Exec finished (node=N1 id=r, code 3)\nout");
    expect(line("exec.finished", { sessionKey: "s", exitCode: "3" })?.text).toBe("Exec finished (node=N1, code ?)");
    expect(line("exec.finished", { sessionKey: "s", timedOut: true, exitCode: 0 })?.text).toBe("Exec finished (node=N1, timeout)");
    expect(line("exec.denied", { sessionKey: "s", runId: "r", reason: "allowlist-miss", command: "rm x" })?.text).toBe(
      "Exec denied (node=N1 id=r, allowlist-miss): rm x",
    );
    expect(line("exec.denied", { sessionKey: "s" })).toEqual({ sessionKey: "s", text: "Exec denied (node=N1)", contextKey: "exec" });
  });

  it("uses node-<id> without a sessionKey, and queues nothing for an empty one, a missing or non-JSON payload, or another event", () => {
    expect(line("exec.started", {})?.sessionKey).toBe("node-N1");
    expect(line("exec.started", [])?.sessionKey).toBe("node-N1");
    expect(line("exec.started", { sessionKey: "  " })).toBeNull();
    expect(line("exec.started", undefined)).toBeNull();
    expect(execEventSystemEvent("N1", "exec.started", "{nope")).toBeNull();
    expect(line("voice.transcript", { text: "hi" })).toBeNull();
  });

  it("queueExecEvent puts the line in the session's queue with its context key", () => {
    const events = createSystemEventQueue({ maxPerSession: 5, maxSessions: 5 });
    expect(queueExecEvent(events, "N1", "exec.finished", JSON.stringify({ sessionKey: "node", runId: "R7", exitCode: 0 }))).not.toBeNull();
    expect(events.peek("node").map((e) => e.text)).toEqual(["Exec finished (node=N1 id=R7, code 0)"]);
    expect(events.lastContextKey("node")).toBe("exec:r7");
    expect(queueExecEvent(events, "N1", "made.up", "{}")).toBeNull();
  });
});

describe("chat subscriptions from node events", () => {
  it("reads the sessionKey of chat.subscribe / chat.unsubscribe, and nothing else", () => {
    expect(chatSubscription("chat.subscribe", { sessionKey: " agent:main:main " })).toEqual({ subscribe: true, sessionKey: "agent:main:main" });
    expect(chatSubscription("chat.unsubscribe", { sessionKey: "s" })).toEqual({ subscribe: false, sessionKey: "s" });
    expect(chatSubscription("chat.subscribe", { sessionKey: " " })).toBeNull();
    expect(chatSubscription("chat.subscribe", undefined)).toBeNull();
    expect(chatSubscription("voice.transcript", { sessionKey: "s" })).toBeNull();
  });
});
