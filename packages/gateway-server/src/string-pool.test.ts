import { describe, expect, it } from "vitest";
import { createSharedPool } from "./string-pool.js";

describe("shared pools", () => {
  it("hands out one value per key and makes it only once", () => {
    const share = createSharedPool(8, 32);
    let made = 0;
    const make = () => Object.freeze({ n: ++made });
    const a = share("k", make);
    expect(share("k", make)).toBe(a);
    expect(made).toBe(1);
  });

  it("stops adding once full, and never pools over-long keys: a client cannot grow it without bound", () => {
    const share = createSharedPool(2, 4);
    share("a", () => ["a"]);
    share("b", () => ["b"]);
    const first = share("c", () => ["c"]);
    expect(share("c", () => ["c"])).not.toBe(first); // full: private copies
    const long = share("toolong", () => ["x"]);
    expect(share("toolong", () => ["x"])).not.toBe(long);
    expect(share("a", () => ["other"])).toEqual(["a"]); // earlier entries stay shared
  });
});
