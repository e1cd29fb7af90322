import { describe, expect, it } from "vitest";
import { type ConnectedNode, NodeRegistry } from "./node-registry.js";

function fakeNode(sent: { event: string; payload: { id: string } }[], connId = "c1", reachable = true): ConnectedNode {
  return {
    nodeId: "n1",
    connId,
    connectedAtMs: 1,
    platform: "linux",
    version: "1",
    caps: [],
    commands: ["system.which"],
    send: (event, payload) => {
      sent.push({ event, payload: payload as { id: string } });
      return reachable;
    },
  };
}

describe("NodeRegistry", () => {
  it("remembers an idempotency key for the window, then sends again", async () => {
    let now = 1000;
    const registry = new NodeRegistry({ idempotencyWindowMs: 100, now: () => now });
    const sent: { event: string; payload: { id: string } }[] = [];
    registry.register(fakeNode(sent));
    const first = registry.invoke({ nodeId: "n1", command: "system.which", idempotencyKey: "k" });
    registry.handleResult({ id: sent[0]?.payload.id as string, nodeId: "n1", ok: true, payloadJSON: "1" });
    expect(await first).toEqual({ ok: true, payload: undefined, payloadJSON: "1" });
    now += 100;
    expect(await registry.invoke({ nodeId: "n1", command: "system.which", idempotencyKey: "k" })).toEqual({ ok: true, payload: undefined, payloadJSON: "1" });
    expect(sent).toHaveLength(1);
    now += 101;
    void registry.invoke({ nodeId: "n1", command: "system.which", idempotencyKey: "k" });
    expect(sent).toHaveLength(2);
  });

  it("forgets the oldest keys beyond idempotencyMaxKeys", async () => {
    const registry = new NodeRegistry({ idempotencyMaxKeys: 1 });
    const sent: { event: string; payload: { id: string } }[] = [];
    registry.register(fakeNode(sent));
    void registry.invoke({ nodeId: "n1", command: "c", idempotencyKey: "a" });
    void registry.invoke({ nodeId: "n1", command: "c", idempotencyKey: "b" });
    void registry.invoke({ nodeId: "n1", command: "c", idempotencyKey: "a" });
    expect(sent).toHaveLength(3);
  });

  it("does not remember a key whose node could not be reached, and ignores a stale connection's unregister", async () => {
    const registry = new NodeRegistry();
    const sent: { event: string; payload: { id: string } }[] = [];
    registry.register(fakeNode(sent, "c1", false));
    expect(await registry.invoke({ nodeId: "n1", command: "c", idempotencyKey: "x" })).toMatchObject({ ok: false, error: { code: "SEND_FAILED" } });
    registry.register(fakeNode(sent, "c2"));
    // The old connection closing must not remove the node's new connection.
    expect(registry.unregister("n1", "c1")).toBe(false);
    void registry.invoke({ nodeId: "n1", command: "c", idempotencyKey: "x" });
    expect(sent).toHaveLength(2);
    expect(registry.inFlight).toBe(1);
    registry.close();
    expect(registry.inFlight).toBe(0);
  });
});
