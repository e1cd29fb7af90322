import { describe, expect, it } from "vitest";
import { assertNodesOptions } from "./options.js";

describe("nodes options", () => {
  it("accepts positive integers and names the option otherwise", () => {
    expect(() => assertNodesOptions({ invokeTimeoutMs: 5, maxPendingExecApprovals: 1, autoApproveLocal: false })).not.toThrow();
    expect(() => assertNodesOptions(undefined)).not.toThrow();
    expect(() => assertNodesOptions({ invokeTimeoutMs: 0 })).toThrow("invalid option nodes.invokeTimeoutMs: expected a positive integer, got 0");
    expect(() => assertNodesOptions({ idempotencyWindowMs: 1.5 })).toThrow(/nodes\.idempotencyWindowMs/);
  });
});
