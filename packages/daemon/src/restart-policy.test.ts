import { describe, expect, it } from "vitest";
import { DEFAULT_RESTART_LIMITS, decideRestart } from "./restart-policy.js";

const limits = DEFAULT_RESTART_LIMITS;

describe("decideRestart", () => {
  it("doubles the pause per quick crash, up to the maximum", () => {
    let delay = 0;
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      // crashes spread out so the brake never engages
      const { decision } = decideRestart([], delay, 10, i * limits.crashWindowMs, limits);
      if (decision.action !== "restart") throw new Error("braked");
      delays.push((delay = decision.delayMs));
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });

  it("starts the pause over after a healthy run", () => {
    expect(decideRestart([], 32_000, limits.stableRunMs, 0, limits).decision).toEqual({ action: "restart", delayMs: 1000 });
  });

  it("brakes on the fifth crash within ten minutes, not on crashes spread wider", () => {
    const minute = 60_000;
    const four = [0, minute, 2 * minute, 3 * minute];
    expect(decideRestart(four, 8000, 10, 4 * minute, limits).decision).toEqual({ action: "brake", crashes: 5 });
    const spread = [0, 4 * minute, 8 * minute, 12 * minute];
    const later = decideRestart(spread, 8000, 10, 16 * minute, limits);
    expect(later.decision.action).toBe("restart");
    expect(later.crashTimes).toEqual([8 * minute, 12 * minute, 16 * minute]);
  });
});
