import { describe, expect, it } from "vitest";
import { createPresenceEventLines } from "./presence-events.js";
import { createSystemEventQueue } from "./system-events.js";

const MAIN = "agent:main:main";
const setup = () => {
  const events = createSystemEventQueue({ maxPerSession: 20, maxSessions: 10 });
  const lines = createPresenceEventLines(events, 3);
  return { lines, texts: () => events.peek(MAIN).map((e) => e.text) };
};
const beacon = (version: string, reason: string, mode = "ui", ip = "10.0.0.2") =>
  `Node: mac-mini (${ip}) · app ${version} · last input 5s ago · mode ${mode} · reason ${reason}`;

describe("system-event lines on the main session", () => {
  it("queues any other text as it is", () => {
    const { lines, texts } = setup();
    lines.queue({}, "Backup finished", MAIN);
    lines.queue({}, "Backup finished", MAIN);
    expect(texts()).toEqual(["Backup finished"]);
  });

  it("queues a node line's changes only: first the whole node, then a new version or mode; periodic and heartbeat reasons do not count", () => {
    const { lines, texts } = setup();
    lines.queue({}, beacon("1.0", "launch"), MAIN);
    lines.queue({}, beacon("1.0", "periodic ping"), MAIN);
    lines.queue({}, beacon("1.0", "heartbeat"), MAIN);
    lines.queue({}, beacon("1.1", "heartbeat"), MAIN);
    lines.queue({}, beacon("1.1", "wake", "voice"), MAIN);
    lines.queue({}, beacon("1.1", "wake", "voice", "10.0.0.9"), MAIN);
    expect(texts()).toEqual([
      "Node: mac-mini (10.0.0.2) · app 1.0 · mode ui · reason launch",
      "app 1.1",
      "mode voice · reason wake",
      "Node: mac-mini (10.0.0.9)",
    ]);
  });

  it("names the node again when another node's line came in between, and params override the text", () => {
    const { lines, texts } = setup();
    lines.queue({}, beacon("1.0", "launch"), MAIN);
    lines.queue({ deviceId: "dev-2", host: "pi" }, "Node: pi · mode node", MAIN);
    lines.queue({}, beacon("1.2", "launch"), MAIN);
    expect(texts()).toEqual(["Node: mac-mini (10.0.0.2) · app 1.0 · mode ui · reason launch", "Node: pi", "Node: mac-mini (10.0.0.2) · app 1.2"]);
  });

  it("remembers at most maxTracked nodes", () => {
    const { lines, texts } = setup();
    for (const host of ["a", "b", "c", "d"]) lines.queue({ host }, `Node: ${host}`, MAIN);
    lines.queue({ host: "a" }, "Node: a", MAIN); // forgotten: reported again as new
    lines.queue({ host: "d" }, "Node: d", MAIN); // remembered: nothing changed
    expect(texts()).toEqual(["Node: a", "Node: b", "Node: c", "Node: d", "Node: a"]);
  });
});
