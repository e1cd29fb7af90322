import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeRequest } from "./frames.js";
import { parseFrame, parseHelloOk, tickIntervalOf } from "./parse-frame.js";

const nonEmpty = fc.string({ minLength: 1, maxLength: 20 });
const errorShape = fc.record(
  { code: nonEmpty, message: nonEmpty, details: fc.jsonValue(), retryable: fc.boolean(), retryAfterMs: fc.nat() },
  { requiredKeys: ["code", "message"] },
);
const resFrame = fc.record(
  { type: fc.constant("res"), id: nonEmpty, ok: fc.boolean(), payload: fc.jsonValue(), error: errorShape },
  { requiredKeys: ["type", "id", "ok"] },
);
const eventFrame = fc.record(
  {
    type: fc.constant("event"),
    event: nonEmpty,
    payload: fc.jsonValue(),
    seq: fc.nat(),
    stateVersion: fc.record({ presence: fc.nat(), health: fc.nat() }),
  },
  { requiredKeys: ["type", "event"] },
);

describe("parseFrame", () => {
  it("accepts every valid res and event frame unchanged", () => {
    fc.assert(
      fc.property(fc.oneof(resFrame, eventFrame), (frame) => {
        const text = JSON.stringify(frame);
        const parsed = parseFrame(text);
        expect(parsed.kind).toBe(frame.type);
        if (parsed.kind !== "malformed") expect(parsed.frame).toEqual(JSON.parse(text));
      }),
    );
  });

  it("rejects any frame with an unexpected top-level key, keeping a readable res id", () => {
    fc.assert(
      fc.property(fc.oneof(resFrame, eventFrame), nonEmpty, (frame, key) => {
        fc.pre(!["type", "id", "ok", "payload", "error", "event", "seq", "stateVersion"].includes(key));
        const parsed = parseFrame(JSON.stringify({ ...frame, [key]: 1 }));
        expect(parsed.kind).toBe("malformed");
        if (parsed.kind === "malformed") {
          expect(parsed.reason).toContain(`unexpected property '${key}'`);
          if (frame.type === "res") expect(parsed.id).toBe((frame as { id: string }).id);
        }
      }),
    );
  });

  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        expect(["res", "event", "malformed"]).toContain(parseFrame(text).kind);
      }),
    );
  });

  it.each([
    ["{not json", "not valid JSON", undefined],
    ["[1,2]", "frame is not a JSON object", undefined],
    ['{"type":"req","id":"a","method":"x"}', 'unknown frame type "req"', undefined],
    ['{"type":"res","ok":true}', "res.id is not a non-empty string", undefined],
    ['{"type":"res","id":"","ok":true}', "res.id is not a non-empty string", undefined],
    ['{"type":"res","id":"r1","ok":"yes"}', "res.ok is not a boolean", "r1"],
    ['{"type":"res","id":"r2","ok":false,"error":null}', "res.error is not an object", "r2"],
    ['{"type":"res","id":"r3","ok":false,"error":{"code":"X","message":""}}', "res.error.message is not a non-empty string", "r3"],
    ['{"type":"res","id":"r4","ok":false,"error":{"code":"X","message":"m","retryAfterMs":-1}}', "res.error.retryAfterMs is not an integer >= 0", "r4"],
    ['{"type":"res","id":"r5","ok":false,"error":{"code":"X","message":"m","why":1}}', "res.error has unexpected property 'why'", "r5"],
    ['{"type":"event","event":""}', "event.event is not a non-empty string", undefined],
    ['{"type":"event","event":"tick","seq":1.5}', "event.seq is not an integer >= 0", undefined],
    ['{"type":"event","event":"tick","seq":null}', "event.seq is not an integer >= 0", undefined],
    ['{"type":"event","event":"health","stateVersion":{"presence":1}}', "event.stateVersion is not {presence, health} integers >= 0", undefined],
  ])("drops %s with a reason", (text, reason, id) => {
    const parsed = parseFrame(text);
    expect(parsed).toEqual(id === undefined ? { kind: "malformed", reason } : { kind: "malformed", reason, id });
  });
});

describe("encodeRequest", () => {
  it("leaves params out when undefined and keeps null", () => {
    expect(JSON.parse(encodeRequest("1", "health"))).toEqual({ type: "req", id: "1", method: "health" });
    expect(JSON.parse(encodeRequest("1", "x", null))).toEqual({ type: "req", id: "1", method: "x", params: null });
  });
});

describe("parseHelloOk", () => {
  it("accepts hello-ok and explains anything else", () => {
    expect(parseHelloOk({ type: "hello-ok", protocol: 3 })).toEqual({ type: "hello-ok", protocol: 3 });
    expect(parseHelloOk(null)).toBe("hello-ok payload is not an object");
    expect(parseHelloOk({ type: "hello" })).toBe('expected payload.type "hello-ok", got "hello"');
    expect(parseHelloOk({ type: "hello-ok" })).toBe("hello-ok payload.protocol is not a number");
  });

  it("reads the tick interval with a fallback", () => {
    expect(tickIntervalOf({ type: "hello-ok", protocol: 3, policy: { tickIntervalMs: 500 } }, 30_000)).toBe(500);
    expect(tickIntervalOf({ type: "hello-ok", protocol: 3 }, 30_000)).toBe(30_000);
    expect(tickIntervalOf({ type: "hello-ok", protocol: 3, policy: { tickIntervalMs: 0 } }, 30_000)).toBe(30_000);
  });
});
