import { describe, expect, it } from "vitest";
import { createConnIdFormatter } from "./conn-id.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("connection ids", () => {
  it("are UUID-shaped (version 4, RFC variant) and distinct for every serial", () => {
    const format = createConnIdFormatter();
    const ids = [0, 1, 15, 16, 255, 2 ** 32, 2 ** 48 - 1].map(format);
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(ids.length);
    expect(format(255).endsWith("0000000000ff")).toBe(true);
  });

  it("differ between two gateways (each draws its own random prefix)", () => {
    expect(createConnIdFormatter()(1)).not.toBe(createConnIdFormatter()(1));
  });
});
