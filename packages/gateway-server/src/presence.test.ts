import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_PRESENCE_ENTRIES } from "./limits.js";
import { createPresenceTracker, describeConnection, type PresenceEntry, type PresenceSource } from "./presence.js";

type Source = { -readonly [K in keyof PresenceSource]: PresenceSource[K] };

const source = (n: number, connectedAt: number): Source => ({
  connId: `conn-${n}`,
  role: "operator",
  scopes: ["operator.read"],
  connectedAt,
  client: { mode: "backend", version: "1.0.0", platform: "linux", instanceId: `inst-${n}` },
});

type Op = { kind: "connect"; n: number; dt: number } | { kind: "disconnect"; n: number } | { kind: "announce"; n: number; dt: number } | { kind: "list" };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("connect" as const), n: fc.nat(400), dt: fc.integer({ min: -2, max: 3 }) }),
  fc.record({ kind: fc.constant("disconnect" as const), n: fc.nat(300) }),
  fc.record({ kind: fc.constant("announce" as const), n: fc.nat(20), dt: fc.integer({ min: 0, max: 2 }) }),
  fc.constant({ kind: "list" as const }),
);

describe("presence", () => {
  it("lists the gateway first, then connections newest first", () => {
    let at = 1_000;
    const tracker = createPresenceTracker({ host: "gw", version: "1" }, () => at);
    tracker.upsertConnection(source(1, at));
    at += 1;
    tracker.upsertConnection(source(2, at));
    const list = tracker.list();
    expect(list.map((e) => e.host)).toEqual(["gw", "inst-2", "inst-1"]);
    expect(list[1]).toEqual({
      host: "inst-2",
      version: "1.0.0",
      platform: "linux",
      mode: "backend",
      reason: "connect",
      roles: ["operator"],
      scopes: ["operator.read"],
      ts: 1_001,
      text: "Node: inst-2 · mode backend",
      instanceId: "inst-2",
    });
  });

  it("keeps the same ranking as sorting everything on each call (stable, capped)", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 400, maxLength: 1500 }), (ops) => {
        let at = 10_000;
        const tracker = createPresenceTracker({ host: "gw", version: "1" }, () => at);
        // Reference: everything in insertion order, stably sorted on each list.
        const connections = new Map<string, PresenceEntry>();
        const sources = new Map<string, Source>();
        const announced = new Map<string, PresenceEntry>();
        for (const o of ops) {
          if (o.kind === "connect") {
            at += o.dt;
            // Connecting again re-upserts the same client with a new time (it keeps its insertion place).
            const known = sources.get(`k${o.n}`);
            const presence = known ?? source(o.n, at);
            presence.connectedAt = at;
            sources.set(`k${o.n}`, presence);
            tracker.upsertConnection(presence);
            connections.set(`k${o.n}`, describeConnection(presence));
          } else if (o.kind === "disconnect") {
            const presence = sources.get(`k${o.n}`);
            sources.delete(`k${o.n}`);
            expect(presence ? tracker.removeConnection(presence) : false).toBe(connections.delete(`k${o.n}`));
          } else if (o.kind === "announce") {
            at += o.dt;
            tracker.announce({ instanceId: `ann-${o.n}` }, `announced ${o.n}`);
            announced.delete(`ann-${o.n}`);
            announced.set(`ann-${o.n}`, { text: `announced ${o.n}`, ts: at, instanceId: `ann-${o.n}` });
          } else {
            const expected = [...connections.values(), ...announced.values()].sort((a, b) => b.ts - a.ts).slice(0, MAX_PRESENCE_ENTRIES - 1);
            expect(tracker.list().slice(1)).toEqual(expected);
            // The cached JSON is byte for byte what stringifying the list gives.
            expect(tracker.listJson()).toBe(JSON.stringify(tracker.list()));
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
