import { describe, expect, it } from "vitest";
import { buildHelloOk, serializeHelloOkResponse } from "./hello.js";

const SLOT = '"snapshot":{"presence":[]';

const hello = (host: string, presence: never[] = []) =>
  buildHelloOk({
    version: "1.2.3",
    host,
    connId: "c0ffee00-0000-4000-8000-000000000001",
    methods: ["health", SLOT],
    events: ["tick"],
    presence,
    health: { ok: true, note: SLOT },
    stateVersion: { presence: 3, health: 1 },
    uptimeMs: 12.4,
    maxPayloadBytes: 524288,
    maxBufferedBytes: 1572864,
    tickIntervalMs: 30000,
  });

describe("serializeHelloOkResponse", () => {
  const presence = [
    { host: "gw", mode: "gateway", reason: "self", text: `Gateway: ${SLOT}`, ts: 1 },
    { host: "b", ts: 2, scopes: ["operator.read"] },
  ];

  it("gives the same frame as stringifying hello-ok with the list in it", () => {
    const text = serializeHelloOkResponse("req-1", hello("box"), JSON.stringify(presence));
    const whole = hello("box");
    whole.snapshot.presence = presence;
    expect(text).toBe(JSON.stringify({ type: "res", id: "req-1", ok: true, payload: whole }));
  });

  it("is not fooled by the slot's text inside the id, the host name or any other string", () => {
    const id = `x",${SLOT}],"y":"`;
    const text = serializeHelloOkResponse(id, hello(`host ${SLOT}`), JSON.stringify(presence));
    const frame = JSON.parse(text);
    expect(frame.id).toBe(id);
    expect(frame.payload.server.host).toBe(`host ${SLOT}`);
    expect(frame.payload.features.methods).toEqual(["health", SLOT]);
    expect(frame.payload.snapshot.health).toEqual({ ok: true, note: SLOT });
    expect(frame.payload.snapshot.presence).toEqual(presence);
  });

  it("refuses a hello-ok whose presence is not empty (the list would be sent twice)", () => {
    const full = hello("box");
    full.snapshot.presence = presence;
    expect(() => serializeHelloOkResponse("1", full, "[]")).toThrow(/empty presence list/);
  });
});
