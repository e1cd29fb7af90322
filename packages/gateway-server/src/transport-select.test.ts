import { describe, expect, it } from "vitest";
import { selectTransport } from "./transport-select.js";
import { describeFailures, detectTransport, loadUws } from "./uws-loader.js";

describe("transport selection", () => {
  it("honours an explicit ws request and CLAWD_TRANSPORT=ws", () => {
    expect(selectTransport("ws", {})).toEqual({ kind: "ws", detail: "ws (requested by the transport option)" });
    expect(selectTransport("auto", { CLAWD_TRANSPORT: "ws" })).toEqual({ kind: "ws", detail: "ws (forced by CLAWD_TRANSPORT=ws)" });
    expect(detectTransport({ CLAWD_TRANSPORT: "ws" }).transport).toBe("ws");
  });

  it("rejects an unknown CLAWD_TRANSPORT value", () => {
    expect(() => selectTransport("auto", { CLAWD_TRANSPORT: "quic" })).toThrow(/invalid CLAWD_TRANSPORT "quic": use ws, uws or auto/);
  });

  it("auto picks uws exactly when a binding loads, and says which or why not", () => {
    const loaded = loadUws();
    const auto = selectTransport("auto", {});
    const detected = detectTransport({});
    expect(auto.kind).toBe(loaded.ok ? "uws" : "ws");
    expect(detected.transport).toBe(auto.kind);
    if (loaded.ok) {
      expect(auto.detail).toMatch(/^uWebSockets\.js from (uWebSockets\.js|@btc-vision\/uwebsockets\.js|@trufflesuite\/uws-js-unofficial) \(uws_.*\.node\)$/);
    } else {
      expect(auto.detail).toContain("no uWebSockets.js binding loads");
      expect(() => selectTransport("uws", {})).toThrow(/transport "uws" requested but no uWebSockets.js binding loads/);
    }
  });

  it("records why each candidate before the loaded one failed", () => {
    const loaded = loadUws();
    // Upstream uWebSockets.js is not on the registry; on this glibc the btc-vision build fails too.
    if (!loaded.ok) expect(loaded.reasons.map((r) => r.candidate)).toEqual(["uWebSockets.js", "@btc-vision/uwebsockets.js", "@trufflesuite/uws-js-unofficial"]);
    expect(
      describeFailures([
        { candidate: "a", reason: "not installed" },
        { candidate: "b", reason: "GLIBC_2.38 not found" },
      ]),
    ).toBe("a: not installed; b: GLIBC_2.38 not found");
  });
});
