import { describe, expect, it } from "vitest";
import { describeClose, describeOpenFailure, socketErrorCode } from "./close-reason.js";

describe("describeClose", () => {
  it("formats code, hint and reason", () => {
    expect(describeClose(1006, "")).toBe("gateway closed (1006 abnormal closure (no close frame)): no reason");
    expect(describeClose(1008, "slow consumer")).toBe("gateway closed (1008 policy violation): slow consumer");
    expect(describeClose(4000, "tick timeout")).toBe("gateway closed (4000): tick timeout");
    expect(describeClose(4321, "custom")).toBe("gateway closed (4321): custom");
  });
});

describe("socketErrorCode", () => {
  it("finds codes on the error, its cause, inner errors, or an ErrorEvent's error", () => {
    expect(socketErrorCode(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toBe("ECONNREFUSED");
    expect(socketErrorCode(new Error("x", { cause: { code: "ENOTFOUND" } }))).toBe("ENOTFOUND");
    const agg = new AggregateError([new Error("a"), Object.assign(new Error("b"), { code: "ECONNREFUSED" })]);
    expect(socketErrorCode(agg)).toBe("ECONNREFUSED");
    expect(socketErrorCode({ error: { code: "ETIMEDOUT" } })).toBe("ETIMEDOUT");
  });

  it("ignores non-errno codes and non-objects", () => {
    expect(socketErrorCode({ code: "WS_ERR_INVALID_CLOSE_CODE" })).toBeUndefined();
    expect(socketErrorCode("ECONNREFUSED")).toBeUndefined();
    expect(socketErrorCode(undefined)).toBeUndefined();
  });

  it("survives cycles", () => {
    const a: { cause?: unknown } = {};
    a.cause = a;
    expect(socketErrorCode(a)).toBeUndefined();
  });
});

describe("describeOpenFailure", () => {
  it("asks whether the gateway runs when the connection is refused, naming no CLI command (the caller words the hint)", () => {
    expect(describeOpenFailure("ws://127.0.0.1:1", { errorCode: "ECONNREFUSED" })).toBe(
      "could not connect to ws://127.0.0.1:1: connection refused — is the gateway running?",
    );
  });

  it("points at the URL for name and routing errors", () => {
    expect(describeOpenFailure("ws://nope.invalid:1", { errorCode: "ENOTFOUND" })).toMatch(/host not found — check the host name/);
    expect(describeOpenFailure("ws://10.9.9.9:1", { errorCode: "EHOSTUNREACH" })).toMatch(/host unreachable \(EHOSTUNREACH\)/);
  });

  it("falls back to the error message or close code", () => {
    expect(describeOpenFailure("ws://h:1", { errorMessage: "Unexpected server response: 404" })).toBe(
      "could not connect to ws://h:1: Unexpected server response: 404 — is the gateway running?",
    );
    expect(describeOpenFailure("ws://h:1", { closeCode: 1002 })).toMatch(/closed with 1002/);
  });
});

describe("describeOpenFailure with the standard WebSocket", () => {
  it("says refused-or-not-a-gateway when the runtime hides the cause", () => {
    expect(describeOpenFailure("ws://127.0.0.1:9", { errorMessage: "Received network error or non-101 status code." })).toBe(
      "could not connect to ws://127.0.0.1:9: connection refused or not a WebSocket endpoint — is the gateway running?",
    );
  });

  it("reads Node 24's silent failure (empty error event, then close 1006) the same way", () => {
    expect(describeOpenFailure("ws://127.0.0.1:9", { closeCode: 1006 })).toBe(
      "could not connect to ws://127.0.0.1:9: connection refused or not a WebSocket endpoint — is the gateway running?",
    );
  });
});
