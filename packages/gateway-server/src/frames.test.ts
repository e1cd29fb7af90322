import { describe, expect, it } from "vitest";
import { errorResponse, eventFrame, okResponse, parseRequestFrame, serializeFrame } from "./frames.js";

describe("parseRequestFrame", () => {
  it("accepts a minimal request and keeps params only when present", () => {
    expect(parseRequestFrame('{"type":"req","id":"1","method":"health"}')).toEqual({ ok: true, frame: { type: "req", id: "1", method: "health" } });
    expect(parseRequestFrame('{"type":"req","id":"1","method":"m","params":null}')).toEqual({
      ok: true,
      frame: { type: "req", id: "1", method: "m", params: null },
    });
  });

  it.each([
    ["{", "json", "invalid", "invalid request frame: malformed JSON"],
    ["[]", "frame", "invalid", "invalid request frame: expected a JSON object"],
    ["null", "frame", "invalid", "invalid request frame: expected a JSON object"],
    ['{"type":"res","id":"a","method":"m"}', "frame", "a", 'invalid request frame: type must be "req"'],
    ['{"type":"req","id":7,"method":"m"}', "frame", "invalid", "invalid request frame: id must be a non-empty string"],
    ['{"type":"req","id":"","method":"m"}', "frame", "invalid", "invalid request frame: id must be a non-empty string"],
    ['{"type":"req","id":"b","method":""}', "frame", "b", "invalid request frame: method must be a non-empty string"],
    ['{"type":"req","id":"c","method":"m","x":1}', "frame", "c", "invalid request frame: unexpected property 'x'"],
  ])("rejects %s", (text, kind, id, message) => {
    const parsed = parseRequestFrame(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.kind).toBe(kind);
    expect(parsed.message).toBe(message);
    if (parsed.kind === "frame") expect(parsed.id).toBe(id);
  });
});

describe("frame serialization", () => {
  it("omits payload when undefined and never writes null placeholders", () => {
    expect(serializeFrame(okResponse("1"))).toBe('{"type":"res","id":"1","ok":true}');
    expect(serializeFrame(okResponse("1", null))).toBe('{"type":"res","id":"1","ok":true,"payload":null}');
    expect(serializeFrame(eventFrame("tick", { ts: 1 }))).toBe('{"type":"event","event":"tick","payload":{"ts":1}}');
    expect(serializeFrame(eventFrame("x", undefined, 3, { presence: 1, health: 2 }))).toBe(
      '{"type":"event","event":"x","seq":3,"stateVersion":{"presence":1,"health":2}}',
    );
  });

  it("keeps only the error keys that are set, with an integer retryAfterMs", () => {
    const frame = errorResponse("e", { code: "INVALID_REQUEST", message: "m", retryAfterMs: 10.2, details: undefined });
    expect(frame).toEqual({ type: "res", id: "e", ok: false, error: { code: "INVALID_REQUEST", message: "m", retryAfterMs: 11 } });
    expect(errorResponse("e", { code: "UNAVAILABLE", message: "" }).error?.message).toBe("error");
  });
});
