import { describe, expect, it } from "vitest";
import { ServiceError } from "./service.js";

describe("ServiceError", () => {
  it("carries a message and fix hints, and is an Error", () => {
    const error = new ServiceError("systemctl --user is unavailable", ["Run: systemctl --user status"]);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ServiceError");
    expect(error.message).toBe("systemctl --user is unavailable");
    expect(error.hints).toEqual(["Run: systemctl --user status"]);
    expect(new ServiceError("x").hints).toEqual([]);
  });
});
